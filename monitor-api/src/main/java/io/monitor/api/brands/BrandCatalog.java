package io.monitor.api.brands;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.model.BrandDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The effective brands: the brands of the config file overlaid by the run-time changes on {@code Topics.BRANDS}. A
 * {@link BrandDefinition} replaces the brand of its id (or adds one); one with {@code deleted = true} removes it, also a
 * config brand; a tombstone (null value, e.g. after an operator cleaned the topic) drops the overlay, so the config
 * brand of that id, if any, is back.
 *
 * <p>Every change carries the offset of its record, and a change older than the one already applied for the same id is
 * ignored: the server applies its own writes as soon as Kafka acknowledged them (read-your-writes) and the feed that
 * reads the topic back later brings the same record again or an older one, which must not undo a newer change.
 * Thread-safe.
 */
public final class BrandCatalog {
    /** Where a brand's current definition comes from. */
    public static final String CONFIG = "config";
    public static final String API = "api";

    /**
     * A brand as the API shows it.
     *
     * @param source    {@link #CONFIG} (unchanged from the config file) or {@link #API} (created or changed at run time)
     * @param updatedBy who changed it last through the API (null for config brands)
     * @param updatedAt when (null for config brands)
     */
    public record Brand(String id, String name, String query, List<String> hashtags, String source, String updatedBy,
                        Instant updatedAt) {
        public BrandSettings settings() {
            return new BrandSettings(id, name, query, hashtags);
        }
    }

    private record Overlay(BrandDefinition definition, long offset) {
    }

    private final Map<String, BrandSettings> config = new LinkedHashMap<>();
    private final Map<String, Overlay> overlay = new HashMap<>();
    private final List<Consumer<String>> onDefined = new CopyOnWriteArrayList<>();
    private final List<Runnable> onChanged = new CopyOnWriteArrayList<>();

    public BrandCatalog(List<BrandSettings> configBrands) {
        for (BrandSettings b : configBrands) {
            config.put(b.id(), b);
        }
    }

    /** Applies a change read from (or acknowledged by) the topic at {@code offset}; false when it is older. */
    public synchronized boolean apply(BrandDefinition definition, long offset) {
        boolean applied = put(definition.id(), new Overlay(definition, offset));
        if (applied && !definition.deleted()) {
            onDefined.forEach(l -> l.accept(definition.id()));
        }
        if (applied) {
            onChanged.forEach(Runnable::run);
        }
        return applied;
    }

    /** Calls {@code listener} with the id of every brand created or changed from now on (it must be quick). */
    public void onDefined(Consumer<String> listener) {
        onDefined.add(listener);
    }

    /**
     * Calls {@code listener} after every applied change: a brand created, changed or deleted, or a run-time change
     * reverted by a tombstone. It runs while the catalog is locked (so listeners see the changes in order) and must be
     * quick; it may read the catalog.
     */
    public void onChanged(Runnable listener) {
        onChanged.add(listener);
    }

    /** A tombstone for {@code id} at {@code offset}: the run-time change is gone, the config brand (if any) counts. */
    public synchronized boolean revert(String id, long offset) {
        boolean applied = put(id, new Overlay(null, offset));
        if (applied) {
            onChanged.forEach(Runnable::run);
        }
        return applied;
    }

    private boolean put(String id, Overlay o) {
        Overlay had = overlay.get(id);
        if (had != null && had.offset() >= o.offset()) {
            return false;
        }
        overlay.put(id, o);
        return true;
    }

    public synchronized Optional<Brand> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Overlay o = overlay.get(id);
        if (o != null && o.definition() != null) {
            BrandDefinition d = o.definition();
            return d.deleted() ? Optional.empty() : Optional.of(new Brand(d.id(), d.name(), d.query(), d.hashtags(), API,
                    d.updatedBy(), d.updatedAt()));
        }
        BrandSettings b = config.get(id);
        return b == null ? Optional.empty() : Optional.of(fromConfig(b));
    }

    public boolean contains(String id) {
        return get(id).isPresent();
    }

    /** The effective brands: config brands in config order, then brands created at run time by id. */
    public synchronized List<Brand> list() {
        List<Brand> out = new ArrayList<>();
        for (String id : config.keySet()) {
            get(id).ifPresent(out::add);
        }
        Map<String, Overlay> added = new TreeMap<>(overlay);
        for (String id : added.keySet()) {
            if (!config.containsKey(id)) {
                get(id).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Brand fromConfig(BrandSettings b) {
        return new Brand(b.id(), b.name(), b.query(), b.hashtags(), CONFIG, null, null);
    }
}
