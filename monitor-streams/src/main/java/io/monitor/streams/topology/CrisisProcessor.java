package io.monitor.streams.topology;

import io.monitor.core.config.DetectionSettings;
import io.monitor.core.config.DetectorSettings;
import io.monitor.core.json.Durations;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.AlertRules;
import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Severity;
import io.monitor.streams.detect.BurstCounter;
import io.monitor.streams.detect.DuplicateClusters;
import io.monitor.streams.detect.IncidentState;
import io.monitor.streams.detect.IncidentTracker;
import io.monitor.streams.detect.IngestHealth;
import io.monitor.streams.detect.PlannedEvents;
import io.monitor.streams.detect.SilenceDetector;
import io.monitor.streams.detect.Terms;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the crisis rules beside the spike rule to the by-brand stream of mention projections:
 * <ul>
 *   <li><b>high reach</b>: at once, on a negative post by an author with at least {@code minFollowers};</li>
 *   <li><b>emerging terms</b> and <b>copy-paste storms</b>: every {@code detection.advance}, on the last
 *       {@code detection.window} of negative posts, each term's and near-duplicate cluster's count against its own
 *       smoothed baseline ({@link BurstCounter}; time constant {@code baselineWindows × window}); not before
 *       {@code detection.warmup} of a brand's history;</li>
 *   <li><b>silence</b> or <b>ingest outage</b>: every {@code detection.advance}, the last {@code silence.window}
 *       of all mentions against earlier windows ({@link SilenceDetector}); when quiet, the connectors serving the
 *       brand ({@link IngestHealth}, heartbeats from the global store of {@code monitor.ingest.health}) decide
 *       which of the two rules fires.</li>
 * </ul>
 * Like {@code SpikeProcessor}, a stream-time punctuator keeps replays deterministic and a wall-clock punctuator
 * extrapolates event time while the task is idle (last event time + wall time since), so silence is seen when
 * nothing arrives at all. Unreadable heartbeats become dead letters (reported by the task of partition 0 only, once
 * per distinct record) and the connector counts as not healthy. State is cached in memory and written to the
 * store (a snapshot) on each punctuation; between snapshots, every change a mention makes is also written to the
 * journal store ({@link CrisisJournal}: the mention's silence bucket count, and each negative mention in full), so that
 * a crash between two punctuations loses nothing whose offset was committed: a load replays the journal entries of the
 * snapshot's epoch through the same code as {@link #process} (without publishing again what was published then).
 */
final class CrisisProcessor implements Processor<String, BrandMention, String, CrisisProcessor.Out> {
    private static final Logger LOG = LoggerFactory.getLogger(CrisisProcessor.class);
    /** Below this expected count per window a term's baseline counts as this (a new term is not infinitely rare). */
    static final double TERM_FLOOR = 0.5;
    static final double ALPHA = 1e-4;
    /** Bookkeeping key of the term counter: one per negative post (the baseline of negatives as a whole). */
    static final String NEGATIVES = BurstCounter.INTERNAL + "negatives";
    private static final String HIGH_REACH_PREFIX = AlertRules.HIGH_REACH_AUTHOR + "|";

    /** An alert or a dead letter (never leaves the task). */
    record Out(Alert alert, DeadLetter deadLetter) {
    }

    private final String storeName;
    private final String journalStoreName;
    private final int journalCapacity;
    private final String healthStoreName;
    private final Map<String, String> brandNames;
    private final TopologyMetrics metrics;
    private final DetectorSettings.Silence silence;
    private final DetectorSettings.Emerging emerging;
    private final DetectorSettings.HighReach highReach;
    private final IngestHealth health;
    private final SilenceDetector silenceDetector;
    private final IncidentTracker tracker;
    private final IncidentTracker highReachTracker;
    private final long windowMs;
    private final long paneMs;
    private final int panesPerWindow;
    private final long warmupMs;
    private final double smoothing;
    private final long silenceMs;
    private final long bucketMs;

    private ProcessorContext<String, Out> context;
    private KeyValueStore<String, CrisisState> store;
    private KeyValueStore<String, byte[]> journal;
    /** True while journal entries are replayed: what they published was published when they were processed. */
    private boolean replaying;
    private KeyValueStore<String, byte[]> healthStore;
    private final Map<String, CrisisState> cache = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private boolean loaded;
    private long lastEventTime = Long.MIN_VALUE;
    private long wallAtLastEvent;
    private long wallAtInit = Long.MIN_VALUE;
    private final Map<String, Integer> healthHashes = new HashMap<>();
    private final Map<String, IngestHealth.Reading> readings = new LinkedHashMap<>();
    /** Declared launches and campaigns: MUTE stops new alerts of these rules, RAISE multiplies their thresholds. */
    private final PlannedEventsView plannedEvents;

    CrisisProcessor(String storeName, String journalStoreName, String healthStoreName, DetectionSettings d,
                    List<IngestHealth.Connector> connectors, Map<String, String> brandNames, TopologyMetrics metrics) {
        this(storeName, journalStoreName, healthStoreName, d, connectors, brandNames, metrics, CrisisJournal.CAPACITY);
    }

    /** @param journalCapacity negative mentions journaled per brand before its state is snapshotted early */
    CrisisProcessor(String storeName, String journalStoreName, String healthStoreName, DetectionSettings d,
                    List<IngestHealth.Connector> connectors, Map<String, String> brandNames, TopologyMetrics metrics,
                    int journalCapacity) {
        this.storeName = storeName;
        this.journalStoreName = journalStoreName;
        this.journalCapacity = journalCapacity;
        this.healthStoreName = healthStoreName;
        this.brandNames = brandNames;
        this.metrics = metrics;
        this.silence = d.detectors().silence();
        this.emerging = d.detectors().emerging();
        this.highReach = d.detectors().highReach();
        this.health = new IngestHealth(connectors, silence.staleAfter());
        this.silenceDetector = new SilenceDetector(silence.minExpected(), ALPHA);
        this.tracker = new IncidentTracker(d.resolveAfter(), d.repeatInterval());
        // One incident per brand and author within a repeat interval: it stays open that long after the last post.
        this.highReachTracker = new IncidentTracker(
                d.resolveAfter().compareTo(d.repeatInterval()) >= 0 ? d.resolveAfter() : d.repeatInterval(), d.repeatInterval());
        this.paneMs = d.advance().toMillis();
        this.plannedEvents = PlannedEventsView.of(d.advance());
        this.panesPerWindow = (int) Math.max(1, Math.round((double) d.window().toMillis() / paneMs));
        this.windowMs = panesPerWindow * paneMs;
        this.warmupMs = Math.max(d.warmup().toMillis(), windowMs);
        this.smoothing = Math.min(0.5, (double) paneMs / (windowMs * (double) d.baselineWindows()));
        this.silenceMs = silence.window().toMillis();
        this.bucketMs = Math.max(1000, silenceMs / 15);
    }

    @Override
    public void init(ProcessorContext<String, Out> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.journal = context.getStateStore(journalStoreName);
        this.healthStore = context.getStateStore(healthStoreName);
        plannedEvents.init(context);
        Duration every = Duration.ofMillis(paneMs);
        context.schedule(every, PunctuationType.STREAM_TIME, this::tick);
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::wallTick);
    }

    // ------------------------------------------------------------------ per mention

    @Override
    public void process(Record<String, BrandMention> record) {
        BrandMention m = record.value();
        if (m == null || record.key() == null) {
            return;
        }
        String brand = record.key();
        long now = record.timestamp();
        seenEvent(now);
        CrisisState st = state(brand);
        boolean earliest = now < st.firstSeen;
        st.firstSeen = Math.min(st.firstSeen, now);
        dirty.add(brand);
        long bucket = now - Math.floorMod(now, bucketMs);
        if (silence.enabled()) {
            st.volume.merge(bucket, 1L, Long::sum);
        }
        CrisisJournal.Negative negative = null;
        if (m.negative() && m.text() != null) {
            negative = new CrisisJournal.Negative(now, m.text(), m.url(), m.platform(), m.author(), m.followers(),
                    m.repost());
            negative(brand, st, negative);
        }
        journal(brand, st, earliest, bucket, negative);
    }

    /** What a negative mention (with text) changes: samples, term and copy counts, a high-reach incident. */
    private void negative(String brand, CrisisState st, CrisisJournal.Negative m) {
        long now = m.time();
        String sample = sample(m.text());
        CrisisState.Post post = new CrisisState.Post(now, sample, m.url(), m.platform(), m.author(), m.followers());
        st.remember(post);
        if (emerging.enabled()) {
            long pane = now - Math.floorMod(now, paneMs);
            List<String> words = Terms.words(m.text()); // split once, for the terms and the near-duplicate check
            st.terms.addAll(pane, Terms.distinctTerms(words));
            st.terms.add(pane, NEGATIVES);
            if (!m.repost()) { // a repost is sharing, not a copy-paste campaign
                DuplicateClusters.Cluster c = st.clusters.add(now, authorKey(m.platform(), m.author()), words,
                        sample, m.url(), emerging.duplicateSimilarity());
                if (c != null) {
                    st.copies.add(pane, c.id);
                }
            }
        }
        if (highReach.enabled() && m.followers() >= highReach.minFollowers()) {
            highReach(brand, st, post, now);
        }
    }

    // ------------------------------------------------------------------ journal

    /**
     * Writes what the mention changed to the journal (see {@link CrisisJournal}); a brand whose epoch is full of
     * negative mentions is snapshotted instead.
     */
    private void journal(String brand, CrisisState st, boolean earliest, long bucket, CrisisJournal.Negative negative) {
        if (negative != null && st.slot >= journalCapacity) {
            // Holds this mention too. The brand stays dirty: the next tick's changes (panes rolled into baselines) are
            // snapshotted as before, and the journal entries that follow this snapshot are on the state they changed.
            snapshot(brand, st);
            return;
        }
        String prefix = journalPrefix(brand, st);
        if (silence.enabled()) {
            if (st.epochVolume == null) {
                st.epochVolume = new HashMap<>();
            }
            long count = st.epochVolume.merge(bucket, 1L, Long::sum);
            journal.put(CrisisJournal.volumeKey(prefix, bucket), CrisisJournal.count(st.epoch, count));
        }
        if (earliest) {
            journal.put(CrisisJournal.firstSeenKey(prefix), CrisisJournal.count(st.epoch, st.firstSeen));
        }
        if (negative != null) {
            journal.put(CrisisJournal.negativeKey(prefix, st.slot), CrisisJournal.negative(st.epoch, negative));
            st.slot++;
        }
    }

    private static String journalPrefix(String brand, CrisisState st) {
        if (st.journalPrefix == null) {
            st.journalPrefix = CrisisJournal.prefix(brand);
        }
        return st.journalPrefix;
    }

    /**
     * Writes the brand's state as a new epoch's snapshot: the journal entries so far become stale; the epoch's
     * volume entries are deleted, and a few negative slots no longer in use.
     */
    private void snapshot(String brand, CrisisState st) {
        String prefix = journalPrefix(brand, st);
        if (st.epochVolume != null) {
            for (Long bucket : st.epochVolume.keySet()) {
                journal.delete(CrisisJournal.volumeKey(prefix, bucket));
            }
            st.epochVolume.clear();
        }
        st.journalSlots = Math.max(st.journalSlots, st.slot);
        int keep = Math.max(st.slot, st.journalSlots - CrisisJournal.CLEANUP_PER_SNAPSHOT);
        for (int s = keep; s < st.journalSlots; s++) {
            journal.delete(CrisisJournal.negativeKey(prefix, s));
        }
        st.journalSlots = keep;
        st.slot = 0;
        st.epoch++;
        store.put(brand, st);
    }

    /**
     * The brand's state as the store and the journal hold it: the snapshot (or a new state), then the journal entries
     * of its epoch in order, replayed through the code of {@link #process} without publishing alerts (those were
     * published, and committed, with the mentions). {@code entries}: the brand's journal, null to read it.
     */
    private CrisisState load(String brand, CrisisState snapshot, List<KeyValue<String, byte[]>> entries) {
        CrisisState st = snapshot != null ? snapshot : new CrisisState();
        if (entries == null) {
            entries = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = journal.prefixScan(CrisisJournal.prefix(brand),
                    new org.apache.kafka.common.serialization.StringSerializer())) {
                while (it.hasNext()) {
                    entries.add(it.next());
                }
            }
        }
        if (entries.isEmpty()) {
            return st;
        }
        java.util.TreeMap<Long, CrisisJournal.Negative> negatives = new java.util.TreeMap<>();
        String prefix = journalPrefix(brand, st);
        boolean current = false;
        for (KeyValue<String, byte[]> kv : entries) {
            CrisisJournal.Key key = CrisisJournal.parse(kv.key);
            if (key == null || kv.value == null) {
                continue;
            }
            try {
                // Stale negative slots (of earlier epochs) are counted in the snapshot's journalSlots already.
                if (CrisisJournal.epoch(kv.value) != st.epoch) {
                    if (key.kind() == CrisisJournal.VOLUME) {
                        journal.delete(kv.key); // left behind (the snapshot deletes its epoch's): not needed
                    }
                    continue;
                }
                current = true;
                switch (key.kind()) {
                    case CrisisJournal.NEGATIVE -> negatives.put(key.number(), CrisisJournal.negative(kv.value));
                    case CrisisJournal.VOLUME -> {
                        long count = CrisisJournal.count(kv.value);
                        st.volume.merge(key.number(), count, Long::sum);
                        if (st.epochVolume == null) {
                            st.epochVolume = new HashMap<>();
                        }
                        st.epochVolume.put(key.number(), count);
                    }
                    default -> st.firstSeen = Math.min(st.firstSeen, CrisisJournal.count(kv.value));
                }
            } catch (SerializationException e) {
                LOG.warn("unreadable entry {} of the crisis journal of brand {} ({}): {}; skipped, so the brand's "
                                + "crisis state misses what that entry recorded since its last snapshot",
                        kv.key.substring(prefix.length()), brand, journalStoreName, e.getMessage());
            }
        }
        replaying = true;
        try {
            for (Map.Entry<Long, CrisisJournal.Negative> e : negatives.entrySet()) {
                negative(brand, st, e.getValue());
                st.slot = (int) (e.getKey() + 1);
            }
        } finally {
            replaying = false;
        }
        if (current) {
            dirty.add(brand); // the next tick snapshots what the journal added (and the journal's entries go stale)
        }
        return st;
    }

    private void highReach(String brand, CrisisState st, CrisisState.Post post, long now) {
        String who = authorKey(post.platform(), post.author());
        String key = HIGH_REACH_PREFIX + who;
        IncidentState open = st.incidents.get(key);
        if (open == null) {
            // A planned event: MUTE opens no new incident; RAISE asks for a proportionally bigger audience.
            PlannedEvents.Applicable planned = plannedEvents.at(now).at(brand, Instant.ofEpochMilli(now));
            if (planned.muted() || post.followers() < highReach.minFollowers() * planned.thresholdFactor()) {
                return;
            }
        }
        long posts = open == null || now - open.lastTrue() >= highReachTracker.resolveAfterMs() ? 1 : open.peak() + 1;
        Severity sev = post.followers() >= 10 * highReach.minFollowers() ? Severity.CRITICAL : Severity.WARNING;
        Map<String, String> labels = Map.of(Alert.LABEL_BRAND, brand, Alert.LABEL_RULE, AlertRules.HIGH_REACH_AUTHOR,
                "author", who);
        IncidentTracker.Step step = highReachTracker.onCondition(open, now, labels, sev, posts,
                () -> highReachText(brand, post, posts));
        apply(brand, st, key, step, now);
    }

    // ------------------------------------------------------------------ clock

    private void tick(long streamTime) {
        evaluateAll(streamTime);
    }

    /** Wall-clock tick: only acts while the task is idle, with event time extrapolated from the last record. */
    private void wallTick(long wallNow) {
        if (context.taskId().partition() == 0) {
            // The task that reports unreadable heartbeats may never see a mention (its brands are quiet or on other
            // partitions): it reads the heartbeats on the wall clock too, so a bad one is dead-lettered promptly.
            refreshHealth();
        }
        if (lastEventTime == Long.MIN_VALUE) {
            // Nothing arrived since start. A restart with a backlog would look silent until the backlog is read, so
            // only after a whole silence window without any record is event time taken as the wall clock: then a
            // restart in an outage still tells brands that were talked about before (from the store) they went quiet.
            if (wallAtInit == Long.MIN_VALUE) {
                wallAtInit = wallNow;
            }
            if (wallNow - wallAtInit >= silenceMs) {
                evaluateAll(wallNow);
            }
            return;
        }
        if (wallNow - wallAtLastEvent < paneMs) {
            return;
        }
        evaluateAll(lastEventTime + (wallNow - wallAtLastEvent));
    }

    private void evaluateAll(long now) {
        if (!loaded) {
            loadAll();
        }
        refreshHealth();
        for (Map.Entry<String, CrisisState> e : cache.entrySet()) {
            evaluate(e.getKey(), e.getValue(), now);
        }
        for (String brand : dirty) {
            CrisisState s = cache.get(brand);
            if (s != null) {
                snapshot(brand, s);
            }
        }
        dirty.clear();
    }

    /** Every brand's state not yet in memory: the snapshots, and the brands that have only journal entries so far. */
    void loadAll() {
        Map<String, CrisisState> snapshots = new LinkedHashMap<>();
        try (KeyValueIterator<String, CrisisState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, CrisisState> kv = it.next();
                if (kv.value != null && !cache.containsKey(kv.key)) {
                    snapshots.put(kv.key, kv.value);
                }
            }
        }
        Map<String, List<KeyValue<String, byte[]>>> journals = new LinkedHashMap<>();
        try (KeyValueIterator<String, byte[]> it = journal.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                CrisisJournal.Key key = CrisisJournal.parse(kv.key);
                if (key == null) {
                    LOG.warn("crisis journal key {} of {} is not one the crisis rules write; ignored", kv.key,
                            journalStoreName);
                } else if (!cache.containsKey(key.brand())) {
                    journals.computeIfAbsent(key.brand(), b -> new ArrayList<>()).add(kv);
                }
            }
        }
        for (Map.Entry<String, CrisisState> e : snapshots.entrySet()) {
            List<KeyValue<String, byte[]>> entries = journals.remove(e.getKey());
            cache.put(e.getKey(), load(e.getKey(), e.getValue(), entries == null ? List.of() : entries));
        }
        for (Map.Entry<String, List<KeyValue<String, byte[]>>> e : journals.entrySet()) {
            cache.put(e.getKey(), load(e.getKey(), null, e.getValue()));
        }
        loaded = true;
    }

    private void evaluate(String brand, CrisisState st, long now) {
        long windowEnd = now - Math.floorMod(now, paneMs) + paneMs; // the window ends with the current pane
        long windowStart = windowEnd - windowMs;
        boolean warm = st.firstSeen != Long.MAX_VALUE && now - st.firstSeen >= warmupMs;
        // RAISE events multiply the practical thresholds (MUTE is applied where an incident would open).
        double raise = plannedEvents.at(now).during(brand, windowStart, windowEnd).thresholdFactor();
        int minCount = (int) Math.ceil(emerging.minCount() * raise);
        int minCopies = (int) Math.ceil(emerging.minCopies() * raise);
        if (emerging.enabled()) {
            st.terms.roll(windowStart, paneMs, smoothing);
            st.copies.roll(windowStart, paneMs, smoothing);
            List<BurstCounter.Burst> terms = List.of();
            double rise = 1;
            if (warm) {
                // A term must rise beyond the negatives as a whole: in a storm every everyday word (and the brand's
                // own name) rises with it, which the spike rule already reports; an emerging term rises more.
                Map<String, Long> counts = st.terms.window(windowStart, windowEnd);
                double usual = st.terms.perPane(NEGATIVES, smoothing) * panesPerWindow;
                // The same floor as a term's: a brand with no negatives so far that suddenly gets a storm has
                // risen by the storm's size, and every word of the storm must not count as emerging.
                rise = Math.max(1, counts.getOrDefault(NEGATIVES, 0L) / Math.max(usual, TERM_FLOOR));
                terms = st.terms.bursts(counts, panesPerWindow, smoothing, minCount, emerging.burstFactor() * raise,
                        TERM_FLOOR, ALPHA, rise);
            }
            List<BurstCounter.Burst> bursting = terms;
            double negativesRise = rise;
            condition(brand, st, AlertRules.EMERGING_TERM, now, terms.isEmpty() ? null : Severity.WARNING,
                    terms.isEmpty() ? 0 : terms.get(0).count(),
                    () -> emergingText(brand, st, bursting, windowStart, negativesRise),
                    "No term or hashtag has been bursting in negative mentions since %s.");
            List<BurstCounter.Burst> storms = new ArrayList<>();
            List<DuplicateClusters.Cluster> stormClusters = new ArrayList<>();
            if (warm) {
                for (BurstCounter.Burst b : st.copies.bursts(windowStart, windowEnd, panesPerWindow, smoothing,
                        minCopies, emerging.burstFactor() * raise, TERM_FLOOR, ALPHA)) {
                    DuplicateClusters.Cluster c = st.clusters.byId(b.key());
                    if (c != null && c.authorsSince(windowStart) >= minCopies) {
                        storms.add(b);
                        stormClusters.add(c);
                    }
                }
            }
            int authors = stormClusters.isEmpty() ? 0 : stormClusters.get(0).authorsSince(windowStart);
            Severity sev = storms.isEmpty() ? null
                    : authors >= 3 * emerging.minCopies() ? Severity.CRITICAL : Severity.WARNING;
            condition(brand, st, AlertRules.COPY_PASTE_STORM, now, sev, storms.isEmpty() ? 0 : storms.get(0).count(),
                    () -> copyText(brand, st, storms, stormClusters, windowStart),
                    "No near-duplicate negative posts from many authors since %s.");
        }
        // A brand no longer configured is quiet because nobody matches it any more: that is not silence.
        if (silence.enabled() && (brandNames.isEmpty() || brandNames.containsKey(brand))) {
            evaluateSilence(brand, st, now);
        }
        for (Map.Entry<String, IncidentState> e : new ArrayList<>(st.incidents.entrySet())) {
            if (e.getKey().startsWith(HIGH_REACH_PREFIX)) {
                IncidentTracker.Step step = highReachTracker.onTick(e.getValue(), now, "No further negative post by "
                        + e.getValue().alert().labels().get("author") + " since " + Instant.ofEpochMilli(e.getValue().lastTrue())
                        + " (" + IngestHealth.human(highReachTracker.resolveAfterMs()) + ").");
                apply(brand, st, e.getKey(), step, now);
            }
        }
    }

    private void evaluateSilence(String brand, CrisisState st, long now) {
        long end = now - Math.floorMod(now, bucketMs);
        st.volume.headMap(end - (SilenceDetector.BASELINE_WINDOWS + 1L) * silenceMs).clear();
        if (st.firstSeen == Long.MAX_VALUE) {
            return;
        }
        long first = st.firstSeen - Math.floorMod(st.firstSeen, bucketMs);
        long observed = sum(st.volume, end - silenceMs, end);
        boolean open = st.incidents.containsKey(AlertRules.SILENCE) || st.incidents.containsKey(AlertRules.INGEST_OUTAGE);
        SilenceDetector.Decision d;
        if (open && st.silenceExpected != null) {
            d = silenceDetector.evaluate(observed, st.silenceExpected, st.silenceVariance, st.silenceWindows);
        } else {
            List<Long> h = new ArrayList<>();
            for (int k = 1; k <= SilenceDetector.BASELINE_WINDOWS; k++) {
                long from = end - (k + 1L) * silenceMs;
                if (from < first) {
                    break;
                }
                h.add(sum(st.volume, from, from + silenceMs));
            }
            long[] history = h.stream().mapToLong(Long::longValue).toArray();
            d = silenceDetector.evaluate(observed, history);
            if (d.silent()) {
                long[] used = Arrays.copyOf(history, Math.min(history.length, SilenceDetector.BASELINE_WINDOWS));
                st.silenceExpected = d.expected();
                st.silenceVariance = variance(used);
                st.silenceWindows = d.windows();
            }
        }
        List<IngestHealth.Problem> problems = d.silent()
                ? health.problems(brand, now, readings::get, readings.keySet()) : List.of();
        boolean outage = d.silent() && !problems.isEmpty();
        if (outage) {
            st.lastIngestProblem = now;
        }
        // A window that overlapped an outage misses mentions: after the connectors recover, that is not silence.
        boolean afterOutage = st.lastIngestProblem != null && st.lastIngestProblem > now - silenceMs;
        SilenceDetector.Decision decision = d;
        // observed 0: a silence does not grow, so it is not re-published while it lasts
        condition(brand, st, AlertRules.INGEST_OUTAGE, now, outage ? Severity.WARNING : null, 0,
                () -> outageText(brand, decision, problems),
                "Mentions arrive again or the connectors are healthy again (since %s).");
        condition(brand, st, AlertRules.SILENCE, now, d.silent() && !outage && !afterOutage ? Severity.WARNING : null, 0,
                () -> silenceText(brand, decision, now),
                "Mentions are back to a usual level (quiet until %s).");
        if (!st.incidents.containsKey(AlertRules.SILENCE) && !st.incidents.containsKey(AlertRules.INGEST_OUTAGE)) {
            st.silenceExpected = null;
            st.silenceVariance = null;
        }
    }

    /** Steps the rule's incident: the condition holds when {@code severity} is not null. */
    private void condition(String brand, CrisisState st, String rule, long now, Severity severity, long observed,
                           Supplier<Map<String, String>> text, String resolution) {
        IncidentState open = st.incidents.get(rule);
        // A MUTE event covers the window: no new incident (an open one still resolves). An ingest outage is about
        // the product, not the brand's conversation, so no campaign hides it.
        if (severity != null && open == null && !AlertRules.INGEST_OUTAGE.equals(rule)
                && plannedEvents.at(now).during(brand, now - windowMs, now + 1).muted()) {
            severity = null;
        }
        IncidentTracker.Step step;
        if (severity != null) {
            step = tracker.onCondition(open, now, Map.of(Alert.LABEL_BRAND, brand, Alert.LABEL_RULE, rule), severity,
                    observed, text);
        } else if (open != null) {
            step = tracker.onTick(open, now, String.format(Locale.ROOT, resolution, Instant.ofEpochMilli(open.lastTrue())));
        } else {
            return;
        }
        apply(brand, st, rule, step, now);
    }

    private void apply(String brand, CrisisState st, String key, IncidentTracker.Step step, long now) {
        if (step.state() == null) {
            if (st.incidents.remove(key) != null) {
                dirty.add(brand);
            }
        } else if (!step.state().equals(st.incidents.get(key))) {
            st.incidents.put(key, step.state());
            dirty.add(brand);
        }
        if (replaying) {
            return; // published (and committed) when the mention was processed
        }
        for (Alert a : step.publish()) {
            metrics.alert(brand, a.rule(), a.state().name());
            context.forward(new Record<>(a.fingerprint(), new Out(a, null), now));
        }
    }

    // ------------------------------------------------------------------ connector health (global store)

    /** Reads the heartbeats again where they changed; dead-letters unreadable ones (task of partition 0, once). */
    private void refreshHealth() {
        Set<String> present = new HashSet<>();
        try (KeyValueIterator<String, byte[]> it = healthStore.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                present.add(kv.key);
                int hash = Arrays.hashCode(kv.value);
                Integer before = healthHashes.put(kv.key, hash);
                if (before != null && before == hash) {
                    continue;
                }
                ByteBuffer stored = ByteBuffer.wrap(kv.value);
                int partition = stored.getInt();
                long offset = stored.getLong();
                byte[] value = Arrays.copyOfRange(kv.value, CrisisTopology.SOURCE_PREFIX, kv.value.length);
                IngestHealth.Reading r = read(kv.key, value);
                readings.put(kv.key, r);
                if (r.health() == null) {
                    unreadableHealth(kv.key, value, r.unreadable(), partition, offset);
                }
            }
        }
        readings.keySet().retainAll(present);
        healthHashes.keySet().retainAll(present);
    }

    static IngestHealth.Reading read(String key, byte[] value) {
        try {
            ConnectorHealth h = Topics.HEALTH_SERDE.fromBytes(value);
            if (h == null) {
                return new IngestHealth.Reading(null, "empty record");
            }
            if (h.status() == null || h.at() == null) {
                return new IngestHealth.Reading(null, "status and at are required");
            }
            return new IngestHealth.Reading(h, null);
        } catch (SerializationException | IllegalArgumentException e) {
            return new IngestHealth.Reading(null, e.getMessage());
        }
    }

    private void unreadableHealth(String key, byte[] value, String reason, int partition, long offset) {
        LOG.warn("unreadable heartbeat of connector {} on {}: {}; the connector counts as not healthy until a good one "
                + "arrives", key, Topics.CONNECTOR_HEALTH.name(), reason);
        if (context.taskId().partition() != 0) {
            return; // every task reads the global store; one reports
        }
        String text = value == null ? null : new String(value, 0, Math.min(value.length, DeadLetter.MAX_VALUE_CHARS * 4),
                StandardCharsets.UTF_8);
        DeadLetter d = new DeadLetter(Topics.CONNECTOR_HEALTH.name(), partition, offset, key, text,
                "unreadable connector heartbeat: " + reason, "monitor-streams/health",
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        metrics.deadLetter("health");
        long ts = lastEventTime == Long.MIN_VALUE ? context.currentSystemTimeMs() : lastEventTime;
        context.forward(new Record<>(Topics.CONNECTOR_HEALTH.name(), new Out(null, d), ts));
    }

    // ------------------------------------------------------------------ explanations

    private String name(String brand) {
        return brandNames.getOrDefault(brand, brand);
    }

    private String w() {
        return Durations.format(Duration.ofMillis(windowMs));
    }

    private Map<String, String> highReachText(String brand, CrisisState.Post p, long posts) {
        Map<String, String> a = new LinkedHashMap<>();
        String who = "@" + p.author() + (p.platform() == null ? "" : " on " + p.platform());
        a.put(Alert.ANNOTATION_SUMMARY, String.format(Locale.ROOT, "%s (%,d followers) posted negatively about %s",
                who, p.followers(), name(brand)));
        a.put(Alert.ANNOTATION_DESCRIPTION, String.format(Locale.ROOT,
                "A negative post about %s by %s, who has %,d followers (threshold: %,d, "
                        + "detection.detectors.highReach.minFollowers); %d negative post(s) by this author in this incident. "
                        + "Post: %s. Further posts by the author within %s belong to this incident.",
                name(brand), who, p.followers(), highReach.minFollowers(), posts, p.text() + link(p.url()),
                IngestHealth.human(highReachTracker.resolveAfterMs())));
        a.put("observed", Long.toString(posts));
        // The names the notification texts read (see monitor-api's Messages).
        a.put("author", "@" + p.author());
        if (p.platform() != null) {
            a.put("platform", p.platform());
        }
        a.put("followers", Long.toString(p.followers()));
        a.put("threshold", Long.toString(highReach.minFollowers()));
        a.put("method", "author followers at ingest >= highReach.minFollowers, negative sentiment");
        a.put("sample1", p.text() + link(p.url()));
        a.put("topAuthors", who + String.format(Locale.ROOT, " (%,d followers)", p.followers()));
        return a;
    }

    private Map<String, String> emergingText(String brand, CrisisState st, List<BurstCounter.Burst> bursts, long from,
                                             double rise) {
        BurstCounter.Burst top = bursts.get(0);
        List<BurstCounter.Burst> shown = bursts.subList(0, Math.min(5, bursts.size()));
        Map<String, String> a = new LinkedHashMap<>();
        a.put(Alert.ANNOTATION_SUMMARY, String.format(Locale.ROOT, "Emerging in negative mentions of %s: %s (%d in %s, usually %.1f)",
                name(brand), top.key(), top.count(), w(), top.expected()));
        StringBuilder d = new StringBuilder(String.format(Locale.ROOT,
                "In the last %s these terms or hashtags were far more frequent in negative mentions of %s than usual: ",
                w(), name(brand)));
        d.append(String.join("; ", shown.stream().map(BurstCounter.Burst::toString).toList())).append('.');
        d.append(String.format(Locale.ROOT, " Threshold: at least %d occurrences and %.1fx the term's own usual count "
                        + "(exponentially weighted mean over about %d windows%s, at least %.1f), Poisson tail p <= %.0e.",
                emerging.minCount(), emerging.burstFactor(), Math.round(1 / (smoothing * panesPerWindow)),
                rise > 1 ? String.format(Locale.ROOT, ", times %.1f for the rise of all negative mentions", rise) : "",
                TERM_FLOOR, ALPHA));
        List<CrisisState.Post> samples = samples(st, from, top.key());
        appendEvidence(d, a, samples, topAuthors(st, from, p -> Terms.distinctTerms(p.text()).contains(top.key())));
        a.put(Alert.ANNOTATION_DESCRIPTION, d.toString());
        a.put("term", top.key());
        a.put("observed", Long.toString(top.count()));
        a.put("baseline", String.format(Locale.ROOT, "%.2f", top.expected()));
        a.put("factor", String.format(Locale.ROOT, "%.2f", top.factor()));
        a.put("threshold", Long.toString((long) Math.max(emerging.minCount(), Math.ceil(emerging.burstFactor() * top.expected()))));
        a.put("pValue", String.format(Locale.ROOT, "%.3g", top.pValue()));
        a.put("window", w());
        a.put("method", "per-term smoothed baseline (space-saving counts per pane) + Poisson tail");
        a.put("topTerms", String.join(", ", shown.stream().map(b -> b.key() + " (" + b.count() + ")").toList()));
        return a;
    }

    private Map<String, String> copyText(String brand, CrisisState st, List<BurstCounter.Burst> storms,
                                         List<DuplicateClusters.Cluster> clusters, long from) {
        BurstCounter.Burst top = storms.get(0);
        DuplicateClusters.Cluster c = clusters.get(0);
        int authors = c.authorsSince(from);
        Map<String, String> a = new LinkedHashMap<>();
        a.put(Alert.ANNOTATION_SUMMARY, String.format(Locale.ROOT,
                "Copy-paste storm about %s: %d near-identical negative posts from %d authors in %s", name(brand), top.count(),
                authors, w()));
        StringBuilder d = new StringBuilder(String.format(Locale.ROOT,
                "%d negative posts about %s in the last %s are near-copies of one text (from %d distinct authors; usually "
                        + "%.1f such posts per window). Text: \"%s\"%s. Threshold: at least %d copies from %d distinct authors, "
                        + "%.1fx the text's usual count, Poisson tail p <= %.0e (p=%.2g). Method: MinHash (%d hashes) over word "
                        + "pairs, links and @handles ignored, Jaccard similarity >= %.2f; reposts do not count.",
                top.count(), name(brand), w(), authors, top.expected(), c.sample, link(c.url), emerging.minCopies(),
                emerging.minCopies(), emerging.burstFactor(), ALPHA, top.pValue(), io.monitor.streams.detect.MinHash.HASHES,
                emerging.duplicateSimilarity()));
        if (storms.size() > 1) {
            d.append(' ').append(storms.size() - 1).append(" more such text(s) are being copied.");
        }
        appendEvidence(d, a, List.of(), topAuthors(st, from,
                p -> c.authors.containsKey(authorKey(p.platform(), p.author()))));
        a.put(Alert.ANNOTATION_DESCRIPTION, d.toString());
        a.put("observed", Long.toString(top.count()));
        a.put("authors", Integer.toString(authors));
        a.put("baseline", String.format(Locale.ROOT, "%.2f", top.expected()));
        a.put("threshold", Integer.toString(emerging.minCopies()));
        a.put("pValue", String.format(Locale.ROOT, "%.3g", top.pValue()));
        a.put("window", w());
        a.put("method", "MinHash near-duplicates (Jaccard >= " + emerging.duplicateSimilarity() + ") + per-text baseline");
        a.put("sample1", c.sample + link(c.url));
        return a;
    }

    private Map<String, String> silenceText(String brand, SilenceDetector.Decision d, long now) {
        String win = Durations.format(Duration.ofMillis(silenceMs));
        List<IngestHealth.Status> statuses = health.statuses(brand, now, readings::get, readings.keySet());
        Map<String, String> a = new LinkedHashMap<>();
        a.put(Alert.ANNOTATION_SUMMARY, String.format(Locale.ROOT, "%s went quiet: %d mentions in %s, usually %.0f",
                name(brand), d.observed(), win, d.expected()));
        a.put(Alert.ANNOTATION_DESCRIPTION, String.format(Locale.ROOT,
                "Only %d mentions of %s in the last %s, against a usual %.1f (median of the %d windows before). "
                        + "Chance of so few at the usual level: p=%.2g (%s lower tail; alert at p <= %.0e, and only for "
                        + "brands that usually get at least %d per window). The connectors are healthy (%s), so this is "
                        + "not an ingest outage: people stopped talking about %s, or the brand's query no longer matches "
                        + "what they write.",
                d.observed(), name(brand), win, d.expected(), d.windows(), d.pValue(), "negative-binomial/Poisson", ALPHA,
                silence.minExpected(), statuses.isEmpty() ? "no connector is configured for this brand"
                        : String.join(", ", statuses.stream().map(s -> s.connectorId() + " " + s.what()).toList()),
                name(brand)));
        putSilenceNumbers(a, d, win);
        return a;
    }

    private Map<String, String> outageText(String brand, SilenceDetector.Decision d, List<IngestHealth.Problem> problems) {
        String win = Durations.format(Duration.ofMillis(silenceMs));
        Map<String, String> a = new LinkedHashMap<>();
        String ids = String.join(", ", problems.stream().map(IngestHealth.Problem::connectorId).toList());
        a.put(Alert.ANNOTATION_SUMMARY, String.format(Locale.ROOT,
                "Ingest outage: mentions of %s stopped (%d in %s, usually %.0f); connector %s not healthy",
                name(brand), d.observed(), win, d.expected(), ids));
        a.put(Alert.ANNOTATION_DESCRIPTION, String.format(Locale.ROOT,
                "Only %d mentions of %s in the last %s, against a usual %.1f (p=%.2g). This is not silence: %s. "
                        + "Mentions may be missing until the connector recovers (a recovered connector backfills from its "
                        + "cursor where the platform allows). Check the ingest role's log and the connector's credentials.",
                d.observed(), name(brand), win, d.expected(), d.pValue(),
                String.join("; ", problems.stream().map(IngestHealth.Problem::toString).toList())));
        putSilenceNumbers(a, d, win);
        a.put("connectors", ids);
        return a;
    }

    private void putSilenceNumbers(Map<String, String> a, SilenceDetector.Decision d, String win) {
        a.put("observed", Long.toString(d.observed()));
        a.put("baseline", String.format(Locale.ROOT, "%.2f", d.expected()));
        a.put("pValue", String.format(Locale.ROOT, "%.3g", d.pValue()));
        a.put("window", win);
        a.put("method", "median of the last " + d.windows() + " windows + lower tail (negative binomial, Poisson)");
    }

    private static void appendEvidence(StringBuilder d, Map<String, String> a, List<CrisisState.Post> samples,
                                       List<String> authors) {
        if (!samples.isEmpty()) {
            d.append(" Sample posts: ");
            for (int i = 0; i < samples.size(); i++) {
                String s = samples.get(i).text() + link(samples.get(i).url());
                d.append(i == 0 ? "" : " | ").append(s);
                a.put("sample" + (i + 1), s);
            }
            d.append('.');
        }
        if (!authors.isEmpty()) {
            d.append(" Top authors by reach: ").append(String.join(", ", authors)).append('.');
            a.put("topAuthors", String.join(", ", authors));
        }
    }

    /** Up to three recent negative posts since {@code from} holding {@code term}, highest reach first. */
    private static List<CrisisState.Post> samples(CrisisState st, long from, String term) {
        return st.recent.stream()
                .filter(p -> p.at() >= from && Terms.distinctTerms(p.text()).contains(term))
                .sorted(Comparator.comparingLong(CrisisState.Post::followers).reversed())
                .limit(3).toList();
    }

    /** The distinct authors of recent negative posts since {@code from} that {@code which} picks, highest reach first (at most three). */
    private static List<String> topAuthors(CrisisState st, long from, java.util.function.Predicate<CrisisState.Post> which) {
        Map<String, CrisisState.Post> best = new LinkedHashMap<>();
        for (CrisisState.Post p : st.recent) {
            if (p.at() >= from && p.author() != null && which.test(p)) {
                best.merge(authorKey(p.platform(), p.author()), p, (x, y) -> x.followers() >= y.followers() ? x : y);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        best.values().stream().sorted(Comparator.comparingLong(CrisisState.Post::followers).reversed()).limit(3)
                .forEach(p -> out.add(String.format(Locale.ROOT, "@%s (%s, %,d followers)", p.author(), p.platform(),
                        p.followers())));
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ helpers

    private static String link(String url) {
        return url == null ? "" : " — " + url;
    }

    private static String sample(String text) {
        String t = text.length() > BrandWindow.SAMPLE_CHARS ? text.substring(0, BrandWindow.SAMPLE_CHARS) + "…" : text;
        return t.replace('\n', ' ');
    }

    static String authorKey(String platform, String author) {
        if (author == null) {
            return null;
        }
        return (platform == null ? "" : platform + ":") + author;
    }

    private static long sum(java.util.TreeMap<Long, Long> m, long from, long to) {
        long total = 0;
        for (long c : m.subMap(from, true, to, false).values()) {
            total += c;
        }
        return total;
    }

    private static double variance(long[] v) {
        double mean = Arrays.stream(v).average().orElse(0);
        double ss = 0;
        for (long x : v) {
            ss += (x - mean) * (x - mean);
        }
        return v.length > 1 ? ss / (v.length - 1) : mean;
    }

    private void seenEvent(long eventTime) {
        if (eventTime > lastEventTime) {
            lastEventTime = eventTime;
        }
        wallAtLastEvent = context.currentSystemTimeMs();
    }

    private CrisisState state(String brand) {
        CrisisState s = cache.get(brand);
        if (s == null) {
            // Once everything is loaded, a brand not in memory has no journal entries either.
            s = load(brand, store.get(brand), loaded ? List.of() : null);
            cache.put(brand, s);
        }
        return s;
    }

    /** The brand's state as this processor holds it now (loaded if needed); for tests. */
    CrisisState stateOf(String brand) {
        return state(brand);
    }
}
