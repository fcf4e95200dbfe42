package io.monitor.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SettingsException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrandMatcherTest {

    @Test
    void returnsEveryMatchingBrandInConfigurationOrder() {
        BrandMatcher m = BrandMatcher.of(ordered("nordbahn", "nordbahn OR #nordbahn", "fjord", "\"fjord phone\" OR fjordphone",
                "kaffee", "kaffeekult"));
        assertThat(m.match(Document.ofText("Mit der #Nordbahn und dem Fjord Phone unterwegs"))).containsExactly("nordbahn", "fjord");
        assertThat(m.match(Document.ofText("Nichts von allem"))).isEmpty();
    }

    @Test
    void aPostWithoutAnyAnchorEvaluatesNoQueryInFull() {
        Map<String, String> queries = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            queries.put("brand-" + i, "(brand" + i + " OR #brand" + i + ") -spam");
        }
        BrandMatcher m = BrandMatcher.of(queries);
        assertThat(m.candidates(Document.ofText("Ein ganz normaler Post über das Wetter"))).isZero();
        Document d = Document.ofText("ich liebe brand42 und #brand7");
        assertThat(m.candidates(d)).isEqualTo(2);
        assertThat(m.match(d)).containsExactly("brand-7", "brand-42");
    }

    @Test
    void queriesWithoutAnchorsAreAlwaysEvaluated() {
        BrandMatcher m = BrandMatcher.of(ordered("german", "lang:de", "anchored", "bahn"));
        Document d = Document.of("irgendwas", "x", null, "de");
        assertThat(m.candidates(d)).isEqualTo(1);
        assertThat(m.match(d)).containsExactly("german");
    }

    @Test
    void wildcardQueriesAreFoundThroughTheirPrefix() {
        BrandMatcher m = BrandMatcher.of(ordered("b", "verspät*"));
        assertThat(m.match(Document.ofText("Wieder Verspätungen"))).containsExactly("b");
        assertThat(m.match(Document.ofText("Wieder pünktlich"))).isEmpty();
    }

    @Test
    void aBrokenQueryInTheSettingsNamesTheBrandAndTheKey() {
        assertThatThrownBy(() -> BrandMatcher.compile(List.of(
                new BrandSettings("ok", null, "bahn", null),
                new BrandSettings("broken", null, "(bahn OR zug", null))))
                .isInstanceOf(SettingsException.class)
                .hasMessage("brands[1].query: brand 'broken': column 13: expected ')' to close the '(' at column 1, found end of query");
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
