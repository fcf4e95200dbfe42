package io.monitor.api.brands;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.api.mentions.MentionStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-brand gauges of the API, for the effective brands of a {@link BrandCatalog}: the brands of the config file
 * and those created at run time, without those deleted. A brand's gauges are registered when it appears (at start, or
 * when a change creates it on any instance) and removed from the registry when it is deleted, so Prometheus stops
 * reporting it; the only tag is the brand id, so the number of series stays bounded by the number of brands.
 *
 * <ul>
 *   <li>{@value #ACTIVE}{@code {brand}}: open, acknowledged or snoozed incidents of the brand</li>
 *   <li>{@value #HELD}{@code {brand}}: recent mentions of the brand held in memory</li>
 * </ul>
 *
 * <p>Follows the catalog through {@link BrandCatalog#onChanged}; thread-safe.
 */
public final class BrandMeters {
    public static final String ACTIVE = "monitor.api.incidents.active";
    public static final String HELD = "monitor.api.mentions.held";

    private final MeterRegistry registry;
    private final BrandCatalog catalog;
    private final IncidentStore incidents;
    private final MentionStore mentions;
    /** Per brand id: its registered gauges. Guarded by this. */
    private final Map<String, List<Meter>> registered = new LinkedHashMap<>();

    private BrandMeters(MeterRegistry registry, BrandCatalog catalog, IncidentStore incidents, MentionStore mentions) {
        this.registry = registry;
        this.catalog = catalog;
        this.incidents = incidents;
        this.mentions = mentions;
    }

    /** Registers the gauges of the catalog's brands now and keeps them in step with its changes. */
    public static BrandMeters bind(MeterRegistry registry, BrandCatalog catalog, IncidentStore incidents,
                                   MentionStore mentions) {
        BrandMeters m = new BrandMeters(registry, catalog, incidents, mentions);
        catalog.onChanged(m::sync);
        m.sync();
        return m;
    }

    /** The brand ids that have gauges now. */
    public synchronized Set<String> brands() {
        return new LinkedHashSet<>(registered.keySet());
    }

    /** Registers the gauges of brands that appeared and removes those of brands that are gone. */
    void sync() {
        // Catalog first, then this: listeners already hold the catalog's lock, so the order is the same everywhere.
        synchronized (catalog) {
            Set<String> now = new LinkedHashSet<>();
            for (BrandCatalog.Brand b : catalog.list()) {
                now.add(b.id());
            }
            synchronized (this) {
                for (String id : new ArrayList<>(registered.keySet())) {
                    if (!now.contains(id)) {
                        registered.remove(id).forEach(registry::remove);
                    }
                }
                for (String id : now) {
                    registered.computeIfAbsent(id, this::register);
                }
            }
        }
    }

    private List<Meter> register(String id) {
        return List.of(
                Gauge.builder(ACTIVE, incidents, s -> s.activeCount(id))
                        .description("open, acknowledged or snoozed incidents per brand").tag("brand", id)
                        .register(registry),
                Gauge.builder(HELD, mentions, m -> m.size(id))
                        .description("recent mentions held in memory per brand (at most " + mentions.capacity() + ")")
                        .tag("brand", id).register(registry));
    }
}
