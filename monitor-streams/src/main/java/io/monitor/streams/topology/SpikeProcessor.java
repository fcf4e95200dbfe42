package io.monitor.streams.topology;

import io.monitor.core.config.DetectionSettings;
import io.monitor.core.model.Alert;
import io.monitor.streams.detect.AlertTracker;
import io.monitor.streams.detect.NegativeSpikeDetector;
import io.monitor.streams.detect.PlannedEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Wires the pure detector and alert tracker to the stream of pane updates (a pane is an {@code advance}-sized
 * tumbling window of a brand's counts): each update is evaluated at once on the detection window that ends with
 * the pane, summed from the pane counts kept in the brand's state (the decision at time t uses the window's count
 * so far and earlier windows only), and the resulting alerts are forwarded keyed by fingerprint. Samples and terms
 * for the explanation are merged from the pane store only when an alert is published.
 *
 * <p>Resolution needs a clock even when a brand goes quiet. A stream-time punctuator (every {@code advance}) makes
 * results depend only on the data, so replays and backtests through {@code TopologyTestDriver} give the same
 * alerts. But stream time stands still when no records arrive at all; a wall-clock punctuator therefore
 * extrapolates event time while the task is idle ({@code last stream time + wall time since}), so a live
 * incident still resolves when the whole input goes silent. TopologyTestDriver's wall clock only moves when a
 * test moves it, so tests and backtests stay deterministic.
 *
 * <p>Beside the spike rule the same evaluation runs, through {@link DetectionExtras}: the brand's planned events
 * (MUTE, RAISE; their panes stay out of baselines), the seasonal rescaling of the spike baseline, and the
 * negative-share rule with its own incident (resolved by the same ticks).
 *
 * <p>Per-brand state is cached in memory and written to the store when it changes an alert and on each
 * punctuation (not on every mention: one JSON write per mention would dominate the cost).
 */
final class SpikeProcessor implements Processor<Windowed<String>, BrandWindow, String, Alert> {
    private final String storeName;
    private final String panesStoreName;
    private final NegativeSpikeDetector detector;
    private final AlertTracker tracker;
    private final Map<String, String> brandNames;
    private final TopologyMetrics metrics;
    private final long windowMs;
    private final long advanceMs;
    private final long warmupMs;
    private final int baselineWindows;
    private final DetectionExtras extras;

    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, BrandState> store;
    private WindowStore<String, ValueAndTimestamp<BrandWindow>> panes;
    private final Map<String, BrandState> cache = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private long lastEventTime = Long.MIN_VALUE;
    private long wallAtLastEvent;

    /** @param eventsStoreName the global store of planned events ({@link PlannedEventEntry}), null for none */
    SpikeProcessor(String storeName, String panesStoreName, String eventsStoreName, DetectionSettings d,
                   Map<String, String> brandNames, TopologyMetrics metrics) {
        this.storeName = storeName;
        this.panesStoreName = panesStoreName;
        this.detector = NegativeSpikeDetector.of(d);
        this.tracker = new AlertTracker(d.window(), d.resolveAfter(), d.repeatInterval());
        this.brandNames = brandNames;
        this.metrics = metrics;
        this.advanceMs = d.advance().toMillis();
        // A window is a whole number of panes; a window that is not a multiple of advance is rounded to one.
        this.windowMs = Math.max(1, Math.round((double) d.window().toMillis() / advanceMs)) * advanceMs;
        this.warmupMs = d.warmup().toMillis();
        this.baselineWindows = d.baselineWindows();
        this.extras = new DetectionExtras(eventsStoreName, d, windowMs, advanceMs, tracker);
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.panes = context.getStateStore(panesStoreName);
        extras.init(context);
        Duration every = Duration.ofMillis(advanceMs);
        context.schedule(every, PunctuationType.STREAM_TIME, this::tick);
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::wallTick);
    }

    @Override
    public void process(Record<Windowed<String>, BrandWindow> record) {
        if (record.value() == null) {
            return;
        }
        String brand = record.key().key();
        long paneStart = record.key().window().start();
        long paneEnd = paneStart + advanceMs;
        long start = paneEnd - windowMs; // the window that ends with this pane: the one holding most of the past
        long now = record.timestamp();
        seenEvent(now);
        BrandState state = state(brand);
        BrandWindow pane = record.value();
        state.history.observe(now, paneStart, pane.negative);
        state.volumes.observe(now, paneStart, pane.volume);
        PlannedEvents events = extras.events(now);
        extras.feedAndPrune(state, brand, start, events);
        dirty.add(brand);
        if (paneEnd + advanceMs <= lastEventTime) {
            // A late mention updated a pane older than the current and the previous one (the previous one still
            // gets its last updates, which a record cache may flush after a newer pane's). Its count belongs in the
            // baseline, but evaluating the old window now would publish a stale spike as a new incident, or
            // reopen one that was already resolved.
            metrics.lateWindowUpdate();
            return;
        }
        // Of the windows that hold this pane, the one ending with it has the highest count so far (the others
        // are its subsets up to now), so evaluating it alone is what evaluating each hopping window would give.
        long negatives = state.history.sum(start, paneEnd);
        long volume = state.volumes.sum(start, paneEnd);
        // Earlier windows without planned events, rescaled by the seasonal profile when it is in use; with no
        // clean window at all (right after a long event) the brand is judged as during warm-up.
        DetectionExtras.Baselines base = extras.baselines(state, brand, start, events);
        double[] history = base.rescaled();
        boolean warmedUp = state.history.warmedUp(now, warmupMs) && (history.length > 0 || base.skipped() == 0);
        NegativeSpikeDetector.Adjustment adj = extras.adjustment(events, brand, start, paneEnd, base);
        NegativeSpikeDetector.Decision d = detector.evaluate(negatives, volume, history, warmedUp, adj);
        AlertTracker.Step step = tracker.onDecision(state.incident, now, brand, brandNames.getOrDefault(brand, brand), d,
                () -> detector.threshold(history, warmedUp, adj.thresholdFactor()), () -> window(brand, start, paneStart).evidence());
        state.incident = step.state();
        publish(brand, step.publish(), now);
        publish(brand, extras.shareShift(state, brand, brandNames.getOrDefault(brand, brand), now, negatives, volume, start,
                paneEnd, base, warmedUp, adj, (from, to) -> window(brand, from, to - advanceMs).sentimentSum,
                () -> window(brand, start, paneStart).evidence()), now);
    }

    /** The window's aggregate (samples and terms for the explanation), merged from its panes; only when publishing. */
    private BrandWindow window(String brand, long start, long lastPaneStart) {
        BrandWindow w = new BrandWindow();
        try (WindowStoreIterator<ValueAndTimestamp<BrandWindow>> it = panes.fetch(brand, start, lastPaneStart)) {
            while (it.hasNext()) {
                ValueAndTimestamp<BrandWindow> v = it.next().value;
                if (v != null && v.value() != null) {
                    w.merge(v.value());
                }
            }
        }
        return w;
    }

    private void seenEvent(long eventTime) {
        if (eventTime > lastEventTime) {
            lastEventTime = eventTime;
        }
        wallAtLastEvent = context.currentSystemTimeMs();
    }

    private BrandState state(String brand) {
        BrandState s = cache.get(brand);
        if (s == null) {
            s = store.get(brand);
            if (s == null) {
                s = new BrandState();
            }
            cache.put(brand, s);
        }
        return s;
    }

    private void publish(String brand, List<Alert> alerts, long now) {
        for (Alert a : alerts) {
            metrics.alert(brand, a.rule(), a.state().name());
            context.forward(new Record<>(a.fingerprint(), a, now));
        }
        if (!alerts.isEmpty()) {
            flush();
        }
    }

    private void flush() {
        for (String brand : dirty) {
            store.put(brand, cache.get(brand));
        }
        dirty.clear();
    }

    /** Stream-time tick: resolve incidents whose condition has not held for resolveAfter. */
    private void tick(long streamTime) {
        flush();
        resolveQuiet(streamTime);
    }

    /** Wall-clock tick: only acts while the task is idle, with event time extrapolated from the last record. */
    private void wallTick(long wallNow) {
        if (lastEventTime == Long.MIN_VALUE || wallNow - wallAtLastEvent < advanceMs) {
            return;
        }
        flush();
        resolveQuiet(lastEventTime + (wallNow - wallAtLastEvent));
    }

    private void resolveQuiet(long now) {
        List<KeyValue<String, BrandState>> open = new ArrayList<>();
        try (KeyValueIterator<String, BrandState> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, BrandState> kv = it.next();
                if (kv.value != null && (kv.value.incident != null || DetectionExtras.open(kv.value))) {
                    open.add(kv);
                }
            }
        }
        for (KeyValue<String, BrandState> kv : open) {
            BrandState state = state(kv.key);
            AlertTracker.Step step = tracker.onTick(state.incident, now);
            if (!step.publish().isEmpty()) {
                state.incident = step.state();
                dirty.add(kv.key);
                publish(kv.key, step.publish(), now);
            }
            List<Alert> share = extras.tick(state, now);
            if (!share.isEmpty()) {
                dirty.add(kv.key);
                publish(kv.key, share, now);
            }
        }
    }
}
