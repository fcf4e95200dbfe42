package io.monitor.streams.topology;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.streams.query.BrandMatcher;
import io.monitor.streams.query.BrandQuery;
import io.monitor.streams.query.QueryParseException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The effective brands of one running topology: the configured brands overlaid with the run-time changes read from
 * {@code monitor.brands} (a definition replaces the configured brand of the same id or adds one; a deletion marker
 * removes it; a tombstone drops the run-time overlay so the configured brand, if any, is back).
 *
 * <p>Written by the global-store processor ({@link BrandDefinitionsProcessor}, Kafka Streams' global thread), read by
 * the stream threads. Each change compiles only the changed brand's query and bumps a version counter; a reader
 * compares its snapshot's version with the counter (two volatile reads per record) and rebuilds the
 * {@link BrandMatcher} anchor index from the already compiled queries only when the set changed. A query is never
 * compiled per mention.
 *
 * <p>Display names ({@link #names()}) follow the same overlay; a deleted brand keeps its last name, so the
 * resolution of an incident that was open when the brand was deleted still reads well.
 *
 * <p>Definitions that cannot be used (unreadable record, query that does not parse, key and id that differ) leave the
 * previous definition in force and wait in {@link #drainRejections()} until a stream task turns them into dead
 * letters (the global thread cannot write to a topic).
 */
public final class BrandCatalog {
    /** At most this many rejections wait for a stream task; more are only logged (the processor logs every one). */
    static final int MAX_PENDING_REJECTIONS = 10_000;

    /** One effective brand. */
    record Brand(String id, String name, BrandQuery query) {
    }

    /** An unusable record of {@code monitor.brands}, to become a dead letter. */
    record Rejection(String key, String value, String reason, int partition, long offset) {
    }

    private record Snapshot(long version, BrandMatcher matcher, Map<String, String> names) {
    }

    private final List<Brand> configured;
    /** Run-time overlay by id, in order of first appearance; a null value marks a deleted brand. Guarded by this. */
    private final Map<String, Brand> overlay = new LinkedHashMap<>();
    /** Last known display name of every brand ever effective (also after deletion). */
    private final Map<String, String> lastNames = new ConcurrentHashMap<>();
    private final Queue<Rejection> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicLong version = new AtomicLong();
    private volatile Snapshot snapshot;
    private final Map<String, String> namesView = new NamesView();

    private BrandCatalog(List<Brand> configured) {
        this.configured = List.copyOf(configured);
        for (Brand b : configured) {
            lastNames.put(b.id(), b.name());
        }
        this.snapshot = build(0);
    }

    /**
     * The configured brands, compiled; a broken query throws {@link SettingsException} naming {@code brands[i].query},
     * the brand and the column (start-up stops, as before run-time changes existed).
     */
    public static BrandCatalog of(List<BrandSettings> brands) {
        List<Brand> list = new ArrayList<>();
        for (int i = 0; i < brands.size(); i++) {
            BrandSettings b = brands.get(i);
            try {
                list.add(new Brand(b.id(), b.name(), BrandQuery.compile(b.query())));
            } catch (QueryParseException e) {
                throw new SettingsException("brands[" + i + "].query", "brand '" + b.id() + "': " + e.getMessage());
            }
        }
        return new BrandCatalog(list);
    }

    /** A catalog starting from an already compiled matcher and display names (ids without a name use the id). */
    public static BrandCatalog of(BrandMatcher matcher, Map<String, String> names) {
        List<Brand> list = new ArrayList<>();
        for (int i = 0; i < matcher.size(); i++) {
            String id = matcher.ids().get(i);
            list.add(new Brand(id, names.getOrDefault(id, id), matcher.queries().get(i)));
        }
        BrandCatalog c = new BrandCatalog(list);
        // Names of brands the matcher does not hold (callers may pass more) still resolve.
        names.forEach(c.lastNames::putIfAbsent);
        return c;
    }

    // ------------------------------------------------------------------ changes (global thread)

    /** Puts a run-time definition whose query compiled into force (replaces the configured brand of the same id). */
    synchronized void define(String id, String name, BrandQuery query) {
        overlay.put(id, new Brand(id, name == null || name.isBlank() ? id : name, query));
        lastNames.put(id, name == null || name.isBlank() ? id : name);
        version.incrementAndGet();
    }

    /** Removes a brand (configured or run-time) until it is defined again. */
    synchronized void delete(String id) {
        overlay.put(id, null);
        version.incrementAndGet();
    }

    /** Drops the run-time overlay of {@code id} (a tombstone): the configured brand of that id, if any, is back. */
    synchronized void revert(String id) {
        if (overlay.containsKey(id)) {
            overlay.remove(id);
            version.incrementAndGet();
        }
    }

    /** Records an unusable definition; the previous definition of the brand stays in force. */
    void reject(Rejection r) {
        if (pendingCount.incrementAndGet() > MAX_PENDING_REJECTIONS) {
            pendingCount.decrementAndGet();
            return; // the processor has logged it; the queue must stay bounded while no task drains it
        }
        pending.add(r);
    }

    // ------------------------------------------------------------------ reads (stream threads)

    /** The matcher of the current effective brands; rebuilt (index only) when the set changed since the last call. */
    public BrandMatcher matcher() {
        return current().matcher();
    }

    /**
     * Display name by brand id, a live view that follows every change (deleted brands keep their last name). Only
     * {@code get}, {@code getOrDefault} and {@code containsKey} are cheap; iteration lists the effective brands.
     */
    public Map<String, String> names() {
        return namesView;
    }

    /** The effective brand ids, in match order (configured first, then run-time additions). */
    public List<String> ids() {
        return current().matcher().ids();
    }

    /** How many times the set changed (for tests and metrics). */
    public long version() {
        return version.get();
    }

    boolean hasRejections() {
        return !pending.isEmpty();
    }

    /** Takes the waiting rejections, oldest first (each is returned to exactly one caller). */
    List<Rejection> drainRejections() {
        List<Rejection> out = new ArrayList<>();
        Rejection r;
        while ((r = pending.poll()) != null) {
            pendingCount.decrementAndGet();
            out.add(r);
        }
        return out;
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        if (s.version() == version.get()) {
            return s;
        }
        synchronized (this) {
            s = snapshot;
            long v = version.get();
            if (s.version() != v) {
                s = build(v);
                snapshot = s;
            }
            return s;
        }
    }

    /** Effective list: configured brands in order (replaced or removed by the overlay), then run-time additions. */
    private synchronized Snapshot build(long v) {
        List<String> ids = new ArrayList<>();
        List<BrandQuery> queries = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Brand b : configured) {
            Brand effective = overlay.containsKey(b.id()) ? overlay.get(b.id()) : b;
            if (effective != null) {
                ids.add(effective.id());
                queries.add(effective.query());
                names.put(effective.id(), effective.name());
            }
        }
        for (Map.Entry<String, Brand> e : overlay.entrySet()) {
            if (e.getValue() != null && !names.containsKey(e.getKey())) {
                ids.add(e.getKey());
                queries.add(e.getValue().query());
                names.put(e.getKey(), e.getValue().name());
            }
        }
        return new Snapshot(v, BrandMatcher.ofCompiled(ids, queries), Collections.unmodifiableMap(names));
    }

    /** The live display-name view handed to the detectors instead of a fixed map. */
    private final class NamesView extends AbstractMap<String, String> {
        @Override
        public String get(Object key) {
            if (key == null) {
                return null;
            }
            String n = current().names().get(key);
            return n != null ? n : lastNames.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return current().names().entrySet();
        }
    }
}
