package io.monitor.streams.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Builds the 5-minute and 1-hour timeline windows from the 1-minute ones, off the per-mention path.
 *
 * <p>It sees the 1-minute aggregate's updates (once per record-cache flush, i.e. per commit, not per mention, in a
 * running instance) and only notes the brand's 5-minute window as pending, in a small changelogged store (so a
 * crash loses nothing: the note commits with the 1-minute update that caused it). Every {@link #EVERY} of wall-clock
 * time and every minute of stream time (so a fast replay of a backlog rolls up before the 1-minute windows expire) it
 * recomputes each pending 5-minute window as the merge of its (at most five) 1-minute windows, then each 1-hour
 * window concerned as the merge of its (at most twelve) 5-minute windows, writes both, and clears the notes. A
 * recomputation from the parts instead of adding deltas, because distinct-author and top-k sketches cannot
 * subtract; late mentions within {@code detection.allowedLateness} update their 1-minute window and so, at the next
 * roll-up, their 5-minute and 1-hour windows.
 */
final class TimelineRollup implements Processor<Windowed<String>, TimelineCounts, Void, Void> {
    /** Wall-clock period of the roll-up: how far the 5-minute and 1-hour points may trail the 1-minute ones. */
    static final Duration EVERY = Duration.ofSeconds(5);
    static final long MIN_MS = 60_000;
    static final long FIVE_MS = 5 * MIN_MS;
    static final long HOUR_MS = 60 * MIN_MS;

    private final String minuteStore;
    private final String fiveStore;
    private final String hourStore;
    private final String pendingStore;
    private TimestampedWindowStore<String, TimelineCounts> minutes;
    private WindowStore<String, TimelineCounts> fives;
    private WindowStore<String, TimelineCounts> hours;
    private KeyValueStore<String, Long> pending;

    TimelineRollup(String minuteStore, String fiveStore, String hourStore, String pendingStore) {
        this.minuteStore = minuteStore;
        this.fiveStore = fiveStore;
        this.hourStore = hourStore;
        this.pendingStore = pendingStore;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        minutes = context.getStateStore(minuteStore);
        fives = context.getStateStore(fiveStore);
        hours = context.getStateStore(hourStore);
        pending = context.getStateStore(pendingStore);
        context.schedule(EVERY, PunctuationType.WALL_CLOCK_TIME, now -> rollUp());
        context.schedule(Duration.ofMillis(MIN_MS), PunctuationType.STREAM_TIME, now -> rollUp());
    }

    @Override
    public void process(Record<Windowed<String>, TimelineCounts> record) {
        if (record.key() == null) {
            return;
        }
        String brand = record.key().key();
        long start = record.key().window().start();
        long five = start - Math.floorMod(start, FIVE_MS);
        String key = five + "@" + brand;
        if (pending.get(key) == null) { // one changelog record per pending window, not per update
            pending.put(key, five);
        }
    }

    /** Recomputes the pending 5-minute windows and the hours they fall in. */
    void rollUp() {
        List<String> done = new ArrayList<>();
        Set<String> hourKeys = new LinkedHashSet<>();
        try (KeyValueIterator<String, Long> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, Long> kv = it.next();
                done.add(kv.key);
                String brand = kv.key.substring(kv.key.indexOf('@') + 1);
                long five = kv.value;
                TimelineCounts sum = new TimelineCounts();
                boolean any = false;
                try (WindowStoreIterator<ValueAndTimestamp<TimelineCounts>> m = minutes.fetch(brand, five, five + FIVE_MS - 1)) {
                    while (m.hasNext()) {
                        ValueAndTimestamp<TimelineCounts> v = m.next().value;
                        if (v != null && v.value() != null) {
                            sum.merge(v.value());
                            any = true;
                        }
                    }
                }
                if (any) {
                    fives.put(brand, sum, five);
                    long hour = five - Math.floorMod(five, HOUR_MS);
                    hourKeys.add(hour + "@" + brand);
                }
            }
        }
        for (String k : hourKeys) {
            int at = k.indexOf('@');
            long hour = Long.parseLong(k.substring(0, at));
            String brand = k.substring(at + 1);
            TimelineCounts sum = new TimelineCounts();
            try (WindowStoreIterator<TimelineCounts> f = fives.fetch(brand, hour, hour + HOUR_MS - 1)) {
                while (f.hasNext()) {
                    TimelineCounts v = f.next().value;
                    if (v != null) {
                        sum.merge(v);
                    }
                }
            }
            hours.put(brand, sum, hour);
        }
        for (String k : done) {
            pending.delete(k);
        }
    }
}
