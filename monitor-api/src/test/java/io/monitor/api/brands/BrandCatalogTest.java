package io.monitor.api.brands;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.model.BrandDefinition;
import io.monitor.core.model.PlannedEvent;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BrandCatalogTest {
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    private final BrandCatalog catalog = new BrandCatalog(List.of(
            new BrandSettings("acme", "Acme", "acme", List.of()),
            new BrandSettings("fizz", "Fizz", "fizz", List.of())));

    private static BrandDefinition def(String id, String query) {
        return new BrandDefinition(BrandDefinition.SCHEMA_VERSION, id, id.toUpperCase(), query, List.of(), false, "ops", T);
    }

    private List<String> ids() {
        return catalog.list().stream().map(BrandCatalog.Brand::id).toList();
    }

    @Test
    void configBrandsComeFirstThenRunTimeBrandsByIdAndAChangeReplacesTheConfigBrand() {
        catalog.apply(def("zeta", "zeta"), 0);
        catalog.apply(def("beta", "beta"), 1);
        catalog.apply(def("fizz", "fizz OR cola"), 2);
        assertThat(ids()).containsExactly("acme", "fizz", "beta", "zeta");
        BrandCatalog.Brand fizz = catalog.get("fizz").orElseThrow();
        assertThat(fizz.query()).isEqualTo("fizz OR cola");
        assertThat(fizz.source()).isEqualTo(BrandCatalog.API);
        assertThat(fizz.updatedBy()).isEqualTo("ops");
        assertThat(catalog.get("acme").orElseThrow().source()).isEqualTo(BrandCatalog.CONFIG);
    }

    @Test
    void aDeletionRemovesAlsoAConfigBrandAndATombstoneBringsTheConfigBrandBack() {
        catalog.apply(BrandDefinition.deletion("acme", "ops", T), 3);
        assertThat(ids()).containsExactly("fizz");
        assertThat(catalog.contains("acme")).isFalse();
        catalog.revert("acme", 4);
        assertThat(catalog.get("acme").orElseThrow().source()).isEqualTo(BrandCatalog.CONFIG);
    }

    @Test
    void theReadBackOfAnOlderRecordDoesNotUndoANewerChange() {
        // The server applied its own acknowledged writes at offsets 5 and 6; the feed then reads 5 again.
        assertThat(catalog.apply(def("acme", "first"), 5)).isTrue();
        assertThat(catalog.apply(def("acme", "second"), 6)).isTrue();
        assertThat(catalog.apply(def("acme", "first"), 5)).isFalse();
        assertThat(catalog.apply(def("acme", "second"), 6)).isFalse();
        assertThat(catalog.get("acme").orElseThrow().query()).isEqualTo("second");
        assertThat(catalog.revert("acme", 4)).isFalse();
        assertThat(catalog.get("acme").orElseThrow().query()).isEqualTo("second");
    }

    @Test
    void plannedEventsAreListedByTimeRelativeToNowAndCancelledOnesOnlyOnRequest() {
        PlannedEventStore events = new PlannedEventStore();
        events.apply(event("past", T.minusSeconds(7200), T.minusSeconds(3600), false), 0);
        events.apply(event("now", T.minusSeconds(60), T.plusSeconds(60), false), 1);
        events.apply(event("soon", T.plusSeconds(3600), T.plusSeconds(7200), false), 2);
        events.apply(event("gone", T.plusSeconds(3600), T.plusSeconds(7200), true), 3);
        events.apply(new PlannedEvent(1, "other", "fizz", "x", T, T.plusSeconds(60), PlannedEvent.Mode.MUTE, 1, false,
                "jana", T), 4);
        assertThat(ids(events.list("acme", EnumSet.of(PlannedEventStore.When.UPCOMING,
                PlannedEventStore.When.CURRENT), false, T))).containsExactly("now", "soon");
        assertThat(ids(events.list("acme", EnumSet.of(PlannedEventStore.When.PAST), false, T))).containsExactly("past");
        assertThat(ids(events.list("acme", Set.of(), true, T))).containsExactly("past", "now", "gone", "soon"); // same start: by id
        assertThat(ids(events.list(null, Set.of(), false, T))).containsExactly("past", "now", "other", "soon");
        // In force at some time of [from, to]: the current one, and the past one for an incident that began then.
        assertThat(ids(events.overlapping("acme", T.minusSeconds(5000), T))).containsExactly("past", "now");
        assertThat(ids(events.overlapping("acme", T.plusSeconds(7200), T.plusSeconds(9000)))).isEmpty();
        // Older read-backs change nothing; a tombstone forgets.
        assertThat(events.apply(event("now", T, T.plusSeconds(1), true), 1)).isFalse();
        assertThat(events.remove("now", 9)).isTrue();
        assertThat(events.get("now")).isEmpty();
    }

    private static PlannedEvent event(String id, Instant start, Instant end, boolean cancelled) {
        return new PlannedEvent(1, id, "acme", id, start, end, PlannedEvent.Mode.RAISE, 2, cancelled, "jana", T);
    }

    private static List<String> ids(List<PlannedEvent> list) {
        return list.stream().map(PlannedEvent::id).toList();
    }
}
