package io.monitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.config.BrandSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrandFilterTest {
    @Test
    void positiveTermsOfAQuerySkipOperatorsAndNegatedParts() {
        assertThat(BrandFilter.queryTerms("(nordbahn OR \"nord bahn\" OR @nordbahn OR #nordbahn) AND NOT \"nordbahnhof\""))
                .containsExactly("nordbahn", "nord bahn", "@nordbahn", "#nordbahn");
        assertThat(BrandFilter.queryTerms("fjord AND NOT (apple OR \"pear phone\") OR #fjordphone"))
                .containsExactly("fjord", "#fjordphone");
    }

    @Test
    void aTextPassesWhenItContainsANameHashtagHandleOrQueryTermInAnyCase() {
        BrandFilter f = new BrandFilter(List.of(new BrandSettings("fjordphone", "Fjord Phone",
                "\"fjord phone\" OR @fjordphone", List.of("FjordPhone"))));
        assertThat(f.matches("my FJORD PHONE died")).isTrue();
        assertThat(f.matches("hey @FjordPhone")).isTrue();
        assertThat(f.matches("#fjordphonechaos")).isTrue();
        assertThat(f.matches("a fjord in Norway")).isFalse();
        assertThat(f.matches(null)).isFalse();
    }
}
