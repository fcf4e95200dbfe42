package io.monitor.api.brands;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.api.mentions.MentionStore;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.model.Alert;
import io.monitor.core.model.BrandDefinition;
import io.monitor.core.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The per-brand gauges follow the effective brands: a brand created at run time gets them, a deleted one (also a
 * config brand) loses them, a tombstone brings the config brand's back, and a stale change changes nothing. Only the
 * brand id is a tag.
 */
class BrandMetersTest {
    private static final Instant T = Instant.parse("2026-11-27T09:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IncidentStore incidents = new IncidentStore();
    private final BrandCatalog catalog = new BrandCatalog(List.of(
            new BrandSettings("acme-bahn", "Acme Bahn", "\"acme bahn\"", List.of())));
    private final MentionStore mentions = new MentionStore(List.of("acme-bahn"), 10);

    @Test
    void givenAConfigBrand_whenBrandsAreCreatedDeletedAndReverted_thenTheGaugesFollowTheEffectiveBrands() {
        catalog.onDefined(mentions::track); // as the server wires it
        BrandMeters meters = BrandMeters.bind(registry, catalog, incidents, mentions);
        assertThat(gaugedBrands(BrandMeters.ACTIVE)).containsExactly("acme-bahn");
        assertThat(gaugedBrands(BrandMeters.HELD)).containsExactly("acme-bahn");

        // Created at run time: gauges at once, and they read the live values.
        catalog.apply(new BrandDefinition(BrandDefinition.SCHEMA_VERSION, "nordbahn", "Nordbahn", "nordbahn",
                List.of(), false, "admin", T), 0);
        assertThat(gaugedBrands(BrandMeters.ACTIVE)).containsExactlyInAnyOrder("acme-bahn", "nordbahn");
        assertThat(gauge(BrandMeters.ACTIVE, "nordbahn").value()).isZero();
        incidents.apply(Alert.firing(Map.of(Alert.LABEL_BRAND, "nordbahn", Alert.LABEL_RULE, "negative-spike"),
                Map.of(Alert.ANNOTATION_SUMMARY, "storm"), Severity.CRITICAL, T));
        assertThat(gauge(BrandMeters.ACTIVE, "nordbahn").value()).isEqualTo(1.0);
        assertThat(gauge(BrandMeters.ACTIVE, "acme-bahn").value()).isZero();
        assertThat(gauge(BrandMeters.HELD, "nordbahn").value()).isZero();

        // The config brand deleted at run time: its series are gone from the registry.
        catalog.apply(BrandDefinition.deletion("acme-bahn", "admin", T.plusSeconds(60)), 1);
        assertThat(gaugedBrands(BrandMeters.ACTIVE)).containsExactly("nordbahn");
        assertThat(gaugedBrands(BrandMeters.HELD)).containsExactly("nordbahn");
        assertThat(meters.brands()).containsExactly("nordbahn");

        // A stale copy of an older change (the feed reading back what was applied already) changes nothing.
        catalog.apply(new BrandDefinition(BrandDefinition.SCHEMA_VERSION, "acme-bahn", "Acme", "acme", List.of(),
                false, "admin", T), 0);
        assertThat(gaugedBrands(BrandMeters.ACTIVE)).containsExactly("nordbahn");

        // A tombstone drops the run-time deletion: the config brand is back, and so are its gauges.
        catalog.revert("acme-bahn", 2);
        assertThat(gaugedBrands(BrandMeters.ACTIVE)).containsExactlyInAnyOrder("acme-bahn", "nordbahn");

        // Deleting the run-time brand removes its series; its incident does not keep it alive.
        catalog.apply(BrandDefinition.deletion("nordbahn", "admin", T.plusSeconds(120)), 3);
        assertThat(gaugedBrands(BrandMeters.ACTIVE)).containsExactly("acme-bahn");
        assertThat(gaugedBrands(BrandMeters.HELD)).containsExactly("acme-bahn");

        // Re-created under the same id: registered again (a removed meter is not silently reused).
        catalog.apply(new BrandDefinition(BrandDefinition.SCHEMA_VERSION, "nordbahn", "Nordbahn", "nordbahn",
                List.of(), false, "admin", T.plusSeconds(180)), 4);
        assertThat(gauge(BrandMeters.ACTIVE, "nordbahn").value()).isEqualTo(1.0);
    }

    @Test
    void theOnlyTagIsTheBrandId() {
        BrandMeters.bind(registry, catalog, incidents, mentions);
        for (Meter m : registry.getMeters()) {
            assertThat(m.getId().getTags()).extracting(t -> t.getKey()).containsExactly("brand");
        }
        assertThat(registry.getMeters()).hasSize(2);
    }

    private Set<String> gaugedBrands(String name) {
        return registry.find(name).gauges().stream().map(g -> g.getId().getTag("brand")).collect(Collectors.toSet());
    }

    private Gauge gauge(String name, String brand) {
        Gauge g = registry.find(name).tag("brand", brand).gauge();
        assertThat(g).as(name + " for " + brand).isNotNull();
        return g;
    }
}
