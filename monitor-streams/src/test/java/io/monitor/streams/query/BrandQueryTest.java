package io.monitor.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrandQueryTest {

    private static boolean m(String query, String text) {
        return BrandQuery.compile(query).matches(text);
    }

    @Test
    void aTermMatchesWholeWordsOnly() {
        assertThat(m("bahn", "Die Bahn ist wieder zu spät")).isTrue();
        assertThat(m("bahn", "Am Bahnhof ist es kalt")).isFalse();
        assertThat(m("bahn", "Bahn!")).isTrue();
    }

    @ParameterizedTest(name = "query {0} matches text {1}")
    @CsvSource({
            "München, Ich fahre nach Muenchen",
            "München, ich fahre nach munchen",
            "Muenchen, Ich fahre nach München",
            "munchen, Ich fahre nach MÜNCHEN",
            "munchen, Ich fahre nach Muenchen",
            "Straße, Die Strasse ist gesperrt",
            "Strasse, Die Straße ist gesperrt",
            "café, Neues CAFE eröffnet",
            "\"kaffee kult\", Kaffee-Kult ist toll",
    })
    void caseAccentsAndGermanSpellingVariantsDoNotMatter(String query, String text) {
        assertThat(m(query, text)).isTrue();
    }

    @Test
    void anExactPhraseNeedsItsWordsAdjacentAndInOrder() {
        assertThat(m("\"deutsche bahn\"", "Die Deutsche Bahn streikt")).isTrue();
        assertThat(m("\"deutsche bahn\"", "Die Bahn, die deutsche, streikt")).isFalse();
        assertThat(m("\"deutsche bahn\"", "deutsche neue bahn")).isFalse();
        assertThat(m("„deutsche bahn“", "Deutsche Bahn")).as("curly quotes").isTrue();
    }

    @Test
    void adjacentTermsAreAnImplicitAnd() {
        BrandQuery q = BrandQuery.compile("deutsche bahn");
        assertThat(q.structure()).isEqualTo("(deutsche AND bahn)");
        assertThat(q.matches("die bahn ist deutsche wertarbeit")).isTrue();
        assertThat(q.matches("die bahn")).isFalse();
    }

    @Test
    void booleanOperatorsWithParentheses() {
        String q = "(nordbahn OR \"nord bahn\") AND (streik OR ausfall)";
        assertThat(m(q, "Nordbahn: Ausfall in Kiel")).isTrue();
        assertThat(m(q, "Nord Bahn streik")).isTrue();
        assertThat(m(q, "Nordbahn fährt pünktlich")).isFalse();
        assertThat(m(q, "streik bei der bahn")).isFalse();
    }

    @Test
    void notAndMinusExclude() {
        String q = "(nordbahn OR #nordbahn) AND NOT nordbahnhof";
        assertThat(m(q, "Nordbahn verspätet")).isTrue();
        assertThat(m(q, "Nordbahn verspätet am Nordbahnhof")).isFalse();
        assertThat(m("nordbahn -\"nordbahnhof berlin\"", "nordbahn am nordbahnhof berlin")).isFalse();
        assertThat(m("nordbahn -\"nordbahnhof berlin\"", "nordbahn am nordbahnhof kiel")).isTrue();
        assertThat(m("nordbahn NOT (hof OR halle)", "nordbahn halle")).isFalse();
        assertThat(BrandQuery.compile("a NOT b").structure()).isEqualTo("(a AND NOT b)");
    }

    @Test
    void nearAllowsAtMostNWordsBetweenInEitherOrder() {
        assertThat(m("bahn NEAR/2 streik", "bahn heute kein streik")).isTrue();
        assertThat(m("bahn NEAR/2 streik", "bahn heute leider kein streik")).isFalse();
        assertThat(m("bahn NEAR/2 streik", "streik bei der bahn")).isTrue();
        assertThat(m("bahn NEAR/0 streik", "bahn streik")).isTrue();
        assertThat(m("bahn NEAR/0 streik", "bahn-streik")).isTrue();
        assertThat(m("bahn NEAR/0 streik", "bahn großer streik")).isFalse();
    }

    @Test
    void nearWithFIsOrdered() {
        assertThat(m("bahn NEAR/3f streik", "bahn macht streik")).isTrue();
        assertThat(m("bahn NEAR/3f streik", "streik bei der bahn")).isFalse();
    }

    @Test
    void nearTakesPhrasesWildcardsAndOrGroups() {
        assertThat(m("\"deutsche bahn\" NEAR/3 (streik OR ausfall)", "Deutsche Bahn: großer Ausfall heute")).isTrue();
        assertThat(m("(zug OR bahn) NEAR/1 verspät*", "der Zug hat Verspätung")).isTrue();
        assertThat(m("(zug OR bahn) NEAR/1 verspät*", "der Zug ist heute ohne Verspätung")).isFalse();
        assertThat(m("a NEAR/1 b NEAR/1 c", "a x b x c")).isTrue();
        assertThat(m("a NEAR/1 b NEAR/1 c", "a x b x x c")).isFalse();
    }

    @Test
    void hashtagsHandlesAndTheirWords() {
        assertThat(m("#nordbahn", "Chaos heute #Nordbahn")).isTrue();
        assertThat(m("#nordbahn", "Chaos heute bei der nordbahn")).as("a hashtag query needs the hashtag").isFalse();
        assertThat(m("nordbahn", "Chaos heute #nordbahn")).as("a word also matches the hashtag").isTrue();
        assertThat(m("@nordbahn", "@NordBahn warum fährt nichts?")).isTrue();
        assertThat(m("@nordbahn", "@nordbahn.bsky.social warum fährt nichts?")).as("first label of a domain handle").isTrue();
        assertThat(m("nordbahn", "@nordbahn warum fährt nichts?")).as("a word does not match inside a handle").isFalse();
        assertThat(m("@nordbahn", "mail an info@nordbahn.de")).as("an e-mail address is no handle").isFalse();
        assertThat(m("#münchen", "Wetter #Muenchen")).isTrue();
    }

    @Test
    void prefixWildcard() {
        assertThat(m("bahn*", "Am Bahnhof")).isTrue();
        assertThat(m("bahn*", "Die Bahn")).isTrue();
        assertThat(m("bahn*", "Die S-Bahn")).isTrue();
        assertThat(m("bahn*", "Eisenbahn")).isFalse();
    }

    @Test
    void fieldsLookAtLanguagePlatformAndAuthor() {
        BrandQuery q = BrandQuery.compile("nordbahn lang:de");
        assertThat(q.matches(Document.of("nordbahn kaputt", "bluesky", "anna", "de"))).isTrue();
        assertThat(q.matches(Document.of("nordbahn broken", "bluesky", "anna", "en"))).isFalse();
        BrandQuery p = BrandQuery.compile("nordbahn -platform:reddit");
        assertThat(p.matches(Document.of("nordbahn", "Reddit", null, "de"))).isFalse();
        assertThat(p.matches(Document.of("nordbahn", "mastodon", null, "de"))).isTrue();
        BrandQuery a = BrandQuery.compile("nordbahn AND NOT author:@nordbahn");
        assertThat(a.matches(Document.of("nordbahn informiert", "bluesky", "nordbahn.bsky.social", "de"))).isFalse();
        assertThat(a.matches(Document.of("nordbahn informiert", "bluesky", "fahrgast", "de"))).isTrue();
        assertThat(BrandQuery.compile("author:\"Nord Bahn\"").structure()).isEqualTo("author:nord bahn");
    }

    @Test
    void theLanguageIsOnlyAskedForWhenAQueryNeedsIt() {
        int[] asked = new int[1];
        Document d = Document.parse("nordbahn", "x", java.util.Set.of(), () -> {
            asked[0]++;
            return "de";
        });
        assertThat(BrandQuery.compile("nordbahn").matches(d)).isTrue();
        assertThat(asked[0]).isZero();
        assertThat(BrandQuery.compile("nordbahn lang:de").matches(d)).isTrue();
        assertThat(BrandQuery.compile("lang:de").matches(d)).isTrue();
        assertThat(asked[0]).isEqualTo(1);
    }

    @Test
    void quotedOperatorWordsAreSearchedAsWords() {
        assertThat(m("\"or\" bahn", "bahn or zug")).isTrue();
    }

    @Test
    void anchorsAreWhatAMatchingPostMustContain() {
        assertThat(BrandQuery.compile("(nordbahn OR #nb OR @nb) -hof").anchors()).containsExactlyInAnyOrder("nordbahn", "#nb", "@nb");
        assertThat(BrandQuery.compile("\"die nordbahn\" streik").anchors()).hasSize(1);
        assertThat(BrandQuery.compile("bahn*").anchors()).containsExactly("*bah");
        assertThat(BrandQuery.compile("NOT bahn").anchors()).isNull();
        assertThat(BrandQuery.compile("bahn OR lang:de").anchors()).isNull();
        assertThat(BrandQuery.compile("bahn lang:de").anchors()).containsExactly("bahn");
    }

    // ------------------------------------------------------------------ errors

    private static QueryParseException error(String query) {
        try {
            BrandQuery.compile(query);
        } catch (QueryParseException e) {
            return e;
        }
        throw new AssertionError("expected a parse error for: " + query);
    }

    @Test
    void unclosedParenthesisNamesWhereItOpened() {
        QueryParseException e = error("(nordbahn OR zug");
        assertThat(e.position()).isEqualTo(16);
        assertThat(e.expected()).isEqualTo("')'");
        assertThat(e.getMessage()).isEqualTo("column 17: expected ')' to close the '(' at column 1, found end of query");
    }

    @Test
    void nestingIsBoundedSoAHostileQueryCannotExhaustTheStack() {
        String ok = "(".repeat(QueryParser.MAX_DEPTH) + "bahn" + ")".repeat(QueryParser.MAX_DEPTH);
        assertThat(BrandQuery.compile(ok).matches("die bahn")).isTrue();
        QueryParseException deep = error("(".repeat(100_000) + "bahn" + ")".repeat(100_000));
        assertThat(deep.position()).isEqualTo(QueryParser.MAX_DEPTH);
        assertThat(deep.getMessage()).contains("more than " + QueryParser.MAX_DEPTH + " levels deep");
        assertThat(error("NOT ".repeat(50_000) + "bahn").getMessage()).contains("levels deep");
    }

    @Test
    void strayClosingParenthesis() {
        QueryParseException e = error("nordbahn)");
        assertThat(e.position()).isEqualTo(8);
        assertThat(e.getMessage()).contains("without a matching '('");
    }

    @Test
    void unterminatedPhrase() {
        QueryParseException e = error("bahn \"deutsche bahn");
        assertThat(e.position()).isEqualTo(5);
        assertThat(e.getMessage()).contains("no closing '\"'");
    }

    @Test
    void operatorWithoutOperand() {
        assertThat(error("bahn OR").getMessage()).isEqualTo(
                "column 8: expected a term, \"phrase\", #hashtag, @handle, field:value or '(' after 'OR', found end of query");
        assertThat(error("AND bahn").position()).isZero();
        assertThat(error("bahn AND ) zug").position()).isEqualTo(9);
        assertThat(error("").getMessage()).contains("empty");
        assertThat(error("   ").getMessage()).contains("empty");
        assertThat(error("()").position()).isEqualTo(1);
    }

    @Test
    void mixingAndWithOrWithoutParenthesesIsRefused() {
        QueryParseException e = error("deutsche bahn OR db");
        assertThat(e.position()).isEqualTo(14);
        assertThat(e.getMessage()).contains("AND and OR are mixed without parentheses");
        assertThat(error("a OR b AND c").position()).isEqualTo(2);
        assertThat(BrandQuery.compile("(deutsche bahn) OR db").matches("db")).isTrue();
    }

    @Test
    void lowerCaseOperatorsGetAHint() {
        QueryParseException e = error("bahn or zug");
        assertThat(e.position()).isEqualTo(5);
        assertThat(e.getMessage()).contains("operators are written in capitals (OR)").contains("\"or\"");
        assertThat(error("bahn near/3 zug").getMessage()).contains("NEAR/3");
    }

    @Test
    void badNearWildcardsFieldsAndTags() {
        assertThat(error("bahn NEAR zug").getMessage()).contains("NEAR/3");
        assertThat(error("bahn NEAR/x zug").position()).isEqualTo(5);
        assertThat(error("#nordbahn NEAR/2 zug").getMessage()).contains("on its left");
        assertThat(error("(a b) NEAR/2 zug").getMessage()).contains("on its left");
        assertThat(error("ba*").position()).isEqualTo(0);
        assertThat(error("b*hn").position()).isEqualTo(1);
        assertThat(error("title:bahn").getMessage()).contains("unknown field 'title:'");
        assertThat(error("lang:").getMessage()).contains("expected a value after 'lang:'");
        assertThat(error("lang:deutsch").getMessage()).contains("not a language code");
        assertThat(error("# bahn").getMessage()).contains("#hashtag");
        assertThat(error("!!!").getMessage()).contains("no letters or digits");
        assertThat(error("bahn - zug").position()).isEqualTo(6);
    }

    @Test
    void theConfiguredExampleQueriesCompileAndBehave() {
        BrandQuery nb = BrandQuery.compile("(nordbahn OR \"nord bahn\" OR @nordbahn OR #nordbahn) AND NOT \"nordbahnhof\"");
        assertThat(nb.matches("Die Nord-Bahn fällt schon wieder aus")).isTrue();
        assertThat(nb.matches("Treffen am Nordbahnhof, nordbahn egal")).isFalse();
        BrandQuery db = BrandQuery.compile("(\"deutsche bahn\" OR @DB_Bahn OR #bahn) AND NOT \"bahnhof zoo\"");
        assertThat(db.matches("@db_bahn wo bleibt mein Zug")).isTrue();
    }
}
