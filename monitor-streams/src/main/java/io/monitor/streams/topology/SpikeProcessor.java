package io.monitor.streams.topology;

import io.monitor.core.config.DetectionSettings;
import io.monitor.core.model.Alert;
import io.monitor.streams.detect.AlertTracker;
import io.monitor.streams.detect.NegativeSpikeDetector;
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

/**
 * Wires the pure detector and alert tracker to the stream of window updates: each update of a brand's hopping
 * window is evaluated at once (the decision at time t uses the window's count so far and earlier windows only),
 * and the resulting alerts are forwarded keyed by fingerprint.
 *
 * <p>Resolution needs a clock even when a brand goes quiet. A stream-time punctuator (every {@code advance}) makes
 * results depend only on the data, so replays and backtests through {@code TopologyTestDriver} give the same
 * alerts. But stream time stands still when no records arrive at all; a wall-clock punctuator therefore
 * extrapolates event time while the task is idle ({@code last stream time + wall time since}), so a live
 * incident still resolves when the whole input goes silent. TopologyTestDriver's wall clock only moves when a
 * test moves it, so tests and backtests stay deterministic.
 *
 * <p>Per-brand state is cached in memory and written to the store when it changes an alert and on each
 * punctuation (not on every mention: one JSON write per mention would dominate the cost).
 */
final class SpikeProcessor implements Processor<Windowed<String>, BrandWindow, String, Alert> {
    private final String storeName;
    private final NegativeSpikeDetector detector;
    private final AlertTracker tracker;
    private final Map<String, String> brandNames;
    private final TopologyMetrics metrics;
    private final long windowMs;
    private final long advanceMs;
    private final long warmupMs;
    private final int baselineWindows;

    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, BrandState> store;
    private final Map<String, BrandState> cache = new HashMap<>();
    private final Set<String> dirty = new HashSet<>();
    private long lastEventTime = Long.MIN_VALUE;
    private long wallAtLastEvent;

    SpikeProcessor(String storeName, DetectionSettings d, Duration repeatInterval, Map<String, String> brandNames,
                   TopologyMetrics metrics) {
        this.storeName = storeName;
        this.detector = NegativeSpikeDetector.of(d);
        this.tracker = new AlertTracker(d.window(), d.resolveAfter(), repeatInterval);
        this.brandNames = brandNames;
        this.metrics = metrics;
        this.windowMs = d.window().toMillis();
        this.advanceMs = d.advance().toMillis();
        this.warmupMs = d.warmup().toMillis();
        this.baselineWindows = d.baselineWindows();
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
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
        long start = record.key().window().start();
        long now = record.timestamp();
        seenEvent(now);
        BrandState state = state(brand);
        long negatives = record.value().negative;
        state.history.observe(now, start, negatives);
        state.history.prune(start, windowMs, baselineWindows);
        long[] history = state.history.history(start, windowMs, advanceMs, baselineWindows);
        boolean warmedUp = state.history.warmedUp(now, warmupMs);
        NegativeSpikeDetector.Decision d = detector.evaluate(negatives, record.value().volume, history, warmedUp);
        BrandWindow window = record.value();
        AlertTracker.Step step = tracker.onDecision(state.incident, now, brand, brandNames.getOrDefault(brand, brand), d,
                () -> detector.threshold(history, warmedUp), window::evidence);
        state.incident = step.state();
        dirty.add(brand);
        publish(brand, step.publish(), now);
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
                if (kv.value != null && kv.value.incident != null) {
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
        }
    }
}
