package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.streams.query.BrandMatcher;
import io.monitor.streams.query.BrandQuery;
import io.monitor.streams.query.Document;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The overlay of configured and run-time brands, as the matcher and the alert texts see it. */
class BrandCatalogTest {
    private final BrandCatalog catalog = BrandCatalog.of(List.of(
            new BrandSettings("nordbahn", "Nordbahn", "nordbahn", null),
            new BrandSettings("kaffeekult", "Kaffeekult", "kaffeekult", null)));

    private List<String> match(String text) {
        return catalog.matcher().match(Document.ofText(text));
    }

    @Test
    void aBrokenConfiguredQueryStopsStartUpNamingTheKeyBrandAndColumn() {
        assertThatThrownBy(() -> BrandCatalog.of(List.of(new BrandSettings("a", null, "x", null),
                new BrandSettings("b", null, "(x OR y", null))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("brands[1].query").hasMessageContaining("brand 'b'")
                .hasMessageContaining("column");
    }

    @Test
    void runTimeBrandsReplaceConfiguredOnesInPlaceAndNewOnesComeAfterThem() {
        catalog.define("fjordphone", "Fjord Phone", BrandQuery.compile("fjordphone"));
        catalog.define("nordbahn", "Nordbahn AG", BrandQuery.compile("nordexpress"));
        assertThat(catalog.ids()).containsExactly("nordbahn", "kaffeekult", "fjordphone");
        assertThat(match("nordexpress kaffeekult fjordphone nordbahn")).containsExactly("nordbahn", "kaffeekult", "fjordphone");
        assertThat(match("nordbahn")).isEmpty();
        assertThat(catalog.names()).containsExactly(Map.entry("nordbahn", "Nordbahn AG"), Map.entry("kaffeekult", "Kaffeekult"),
                Map.entry("fjordphone", "Fjord Phone"));
    }

    @Test
    void aDeletedBrandStopsMatchingButKeepsItsNameAndARevertBringsTheConfiguredOneBack() {
        catalog.define("kaffeekult", "Kaffee Kult", BrandQuery.compile("kaffeekult"));
        catalog.delete("kaffeekult");
        assertThat(match("kaffeekult")).isEmpty();
        assertThat(catalog.names().getOrDefault("kaffeekult", "?")).isEqualTo("Kaffee Kult");
        assertThat(catalog.names().getOrDefault("never-seen", "never-seen")).isEqualTo("never-seen");

        catalog.revert("kaffeekult");
        assertThat(match("kaffeekult")).containsExactly("kaffeekult");
        assertThat(catalog.names().get("kaffeekult")).isEqualTo("Kaffeekult");
    }

    @Test
    void theMatcherIsRebuiltOnlyWhenTheSetChangedAndReusesTheCompiledQueries() {
        BrandMatcher first = catalog.matcher();
        assertThat(catalog.matcher()).isSameAs(first);
        BrandQuery q = BrandQuery.compile("fjordphone");
        catalog.define("fjordphone", null, q);
        BrandMatcher second = catalog.matcher();
        assertThat(second).isNotSameAs(first);
        assertThat(second.queries()).contains(q).containsAll(first.queries());
        assertThat(catalog.matcher()).isSameAs(second);
        assertThat(catalog.names().get("fjordphone")).isEqualTo("fjordphone");
        catalog.revert("not-there"); // nothing changes
        assertThat(catalog.matcher()).isSameAs(second);
    }

    @Test
    void rejectionsAreHandedOutOnceOldestFirstAndTheQueueIsBounded() {
        for (int i = 0; i < BrandCatalog.MAX_PENDING_REJECTIONS + 5; i++) {
            catalog.reject(new BrandCatalog.Rejection("k", "v", "reason " + i, 0, i));
        }
        assertThat(catalog.hasRejections()).isTrue();
        List<BrandCatalog.Rejection> out = catalog.drainRejections();
        assertThat(out).hasSize(BrandCatalog.MAX_PENDING_REJECTIONS);
        assertThat(out.get(0).offset()).isZero();
        assertThat(catalog.hasRejections()).isFalse();
        assertThat(catalog.drainRejections()).isEmpty();
        catalog.reject(new BrandCatalog.Rejection("k", "v", "later", 0, 99_999));
        assertThat(catalog.drainRejections()).extracting(BrandCatalog.Rejection::reason).containsExactly("later");
    }
}
