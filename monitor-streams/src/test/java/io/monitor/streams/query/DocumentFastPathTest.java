package io.monitor.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.model.Mention;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The query document's and the matcher's shortcuts against plain references, on varied and hostile posts (emoji,
 * unpaired surrogates, combining marks, underscores, dotted handles, long and empty texts): the tokeniser against
 * the tokeniser as first written (words, hashtags, handles), and {@link BrandMatcher#match} (split index, lazy
 * positions, word scan) against evaluating every query in full on a fresh document.
 */
class DocumentFastPathTest {
    private static final String[] PIECES = {"nordbahn", "Nordbahn", "NORDBAHN", "#nordbahn", "#Nord_Bahn", "#_x", "#a_",
        "@nordbahn", "@nordbahn.bsky.social", "@nord-bahn.", "@x..", "fjord", "phone", "Fjord Phone", "fjordphone",
        "kaffeekult", "Kaffeekult", "#kaffeekult", "kaffee", "kult", "München", "Muenchen", "Straße", "café", "e\u0301",
        "naïve", "😀", "🔋👍", "\uD800", "\uDC00", "x\uD83Dy", "日本語", "١٢٣", "e-bike", "bahn*", "bahnhof", "bahn",
        "deutsche", "Deutsche Bahn", "a#b", "x@y", "_", "__", "#", "@", "-", ".", ",", "!", " ", "\n", "2026", "ǅ",
        "x".repeat(40), "ä".repeat(30), "queue", "Eae", "aerger", "Ärger"};

    private static String text(Random r) {
        int n = r.nextInt(r.nextInt(10) == 0 ? 80 : 25);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
            if (r.nextInt(3) != 0) {
                b.append(r.nextBoolean() ? " " : ", ");
            }
        }
        return b.toString();
    }

    /** Document.parse's tokeniser as first written (two code point reads per word character, eager sets). */
    private record Ref(List<String> words, Set<String> hashtags, Set<String> handles) {
        static Ref of(String text) {
            List<String> words = new ArrayList<>();
            Set<String> hashtags = new HashSet<>();
            Set<String> handles = new HashSet<>();
            String t = text == null ? "" : text;
            int n = t.length();
            int i = 0;
            boolean prevWord = false;
            while (i < n) {
                int cp = t.codePointAt(i);
                if ((cp == '#' || cp == '@') && !prevWord && i + 1 < n && wordChar(t.codePointAt(i + 1))) {
                    boolean handle = cp == '@';
                    int j = i + 1;
                    while (j < n) {
                        int c = t.codePointAt(j);
                        if (wordChar(c) || c == '_' || (handle && (c == '.' || c == '-'))) {
                            j += Character.charCount(c);
                        } else {
                            break;
                        }
                    }
                    String body = t.substring(i + 1, j);
                    if (handle) {
                        while (body.endsWith(".") || body.endsWith("-")) {
                            body = body.substring(0, body.length() - 1);
                        }
                        String h = Folding.foldReference(body);
                        handles.add(h);
                        int dot = h.indexOf('.');
                        if (dot > 0) {
                            handles.add(h.substring(0, dot));
                        }
                    } else {
                        hashtags.add(Folding.foldReference(body));
                        for (String part : body.split("_")) {
                            if (!part.isEmpty()) {
                                words.add(Folding.foldReference(part));
                            }
                        }
                    }
                    i = j;
                    prevWord = true;
                    continue;
                }
                if (wordChar(cp)) {
                    int j = i;
                    while (j < n && wordChar(t.codePointAt(j))) {
                        j += Character.charCount(t.codePointAt(j));
                    }
                    words.add(Folding.foldReference(t.substring(i, j)));
                    i = j;
                    prevWord = true;
                    continue;
                }
                prevWord = cp == '_';
                i += Character.charCount(cp);
            }
            return new Ref(words, hashtags, handles);
        }

        private static boolean wordChar(int cp) {
            if (Character.isLetterOrDigit(cp)) {
                return true;
            }
            int type = Character.getType(cp);
            return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
        }
    }

    @Test
    void theTokeniserFindsTheWordsHashtagsAndHandlesOfTheReference() {
        Random r = new Random(13);
        for (int i = 0; i < 10_000; i++) {
            String t = text(r);
            Document d = Document.ofText(t);
            Ref ref = Ref.of(t);
            assertThat(d.words()).as(t).isEqualTo(ref.words());
            assertThat(d.hashtags()).as(t).isEqualTo(ref.hashtags());
            assertThat(d.handles()).as(t).isEqualTo(ref.handles());
            for (String w : ref.words()) {
                assertThat(d.hasWord(w)).isTrue();
                assertThat(d.positionsOf(w)).isNotEmpty();
            }
            assertThat(d.hasWord("zzz-not-a-word")).isFalse();
        }
        for (int cp = 0; cp < 0x3000; cp++) { // every character of the first planes against the reference predicate
            assertThat(Document.isWordChar(cp)).as("U+%04X", cp).isEqualTo(Ref.wordChar(cp));
        }
    }

    @Test
    void theMatcherFindsWhatEvaluatingEveryQueryInFullFinds() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("nordbahn", "nordbahn OR #nordbahn OR @nordbahn");
        queries.put("fjord", "\"fjord phone\" OR fjordphone");
        queries.put("kaffee", "kaffeekult OR #kaffeekult");
        queries.put("prefix", "bahn* -bahnhof");
        queries.put("near", "(deutsche NEAR/2 bahn) OR (kaffee NEAR/1f kult)");
        queries.put("author", "author:anna OR author:nordbahn");
        queries.put("notOnly", "NOT nordbahn");
        queries.put("lang", "lang:de muenchen");
        queries.put("platform", "platform:bluesky (cafe OR strasse)");
        queries.put("handle", "@nord-bahn OR @x");
        queries.put("tags", "#nord_bahn OR #_x OR #a");
        queries.put("umlaut", "ärger OR naive OR \"e bike\"");
        BrandMatcher matcher = BrandMatcher.of(queries);
        List<BrandQuery> all = matcher.queries();
        Random r = new Random(29);
        String[] handles = {null, "", " ", "@anna", "anna", "nordbahn.bsky.social", "@Nordbahn", "😀"};
        for (int i = 0; i < 5_000; i++) {
            String t = text(r);
            Mention m = new Mention(1, r.nextBoolean() ? "bluesky" : "Mastodon", "p" + i, null,
                    new Mention.Author(r.nextBoolean() ? null : "id" + i, handles[r.nextInt(handles.length)],
                            r.nextBoolean() ? null : " Anna ", 1), t, null, Instant.EPOCH, null, null, null, null, null, null, null);
            String lang = r.nextBoolean() ? "de" : "EN";
            List<String> expected = new ArrayList<>();
            for (int q = 0; q < all.size(); q++) {
                if (all.get(q).matches(Document.of(m, () -> lang))) {
                    expected.add(matcher.ids().get(q));
                }
            }
            assertThat(matcher.match(Document.of(m, () -> lang))).as(t).isEqualTo(expected);
        }
    }
}
