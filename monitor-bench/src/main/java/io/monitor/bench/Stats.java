package io.monitor.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * What one phase measured: records in and out per second, latency histograms (ms), and one sample per second of
 * consumer lag, CPU and heap. Counters are thread-safe; each histogram has a single writer (the output consumer)
 * and is read after that thread stopped.
 */
final class Stats {
    static final int MAX_SECONDS = 3600;

    final long startMs;
    final AtomicLongArray producedPerSecond = new AtomicLongArray(MAX_SECONDS);
    final AtomicLongArray outPerSecond = new AtomicLongArray(MAX_SECONDS);
    final AtomicLong outTotal = new AtomicLong();
    final AtomicLong lastOutMs = new AtomicLong();
    /** Actual send (header) to consumed from the output topic. */
    final Histogram fromSend = new Histogram(3_600_000L, 3);
    /** Due time (record timestamp) to consumed: includes any backlog of the producer. */
    final Histogram fromDue = new Histogram(3_600_000L, 3);
    /** As {@link #fromSend}, for records sent after the warm-up (JIT, RocksDB, first transactions) only. */
    final Histogram fromSendSteady = new Histogram(3_600_000L, 3);
    final long warmupMs;
    final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    volatile long producerEndMs;
    volatile long drainedMs = -1;

    /** One observation per second. */
    record Sample(double second, long lag, double processCpu, double systemCpu, long heapUsedMb, long produced, long out) {
    }

    Stats(long startMs, long warmupMs) {
        this.startMs = startMs;
        this.warmupMs = warmupMs;
    }

    void produced(long nowMs) {
        producedPerSecond.incrementAndGet(second(nowMs));
    }

    void out(long nowMs, long sentMs, long dueMs) {
        outPerSecond.incrementAndGet(second(nowMs));
        outTotal.incrementAndGet();
        lastOutMs.set(nowMs);
        if (sentMs > 0) {
            long v = Math.max(0, Math.min(nowMs - sentMs, 3_600_000L));
            fromSend.recordValue(v);
            if (sentMs >= startMs + warmupMs) {
                fromSendSteady.recordValue(v);
            }
        }
        if (dueMs > 0) {
            fromDue.recordValue(Math.max(0, Math.min(nowMs - dueMs, 3_600_000L)));
        }
    }

    long producedTotal() {
        long n = 0;
        for (int i = 0; i < MAX_SECONDS; i++) {
            n += producedPerSecond.get(i);
        }
        return n;
    }

    private int second(long nowMs) {
        return (int) Math.max(0, Math.min(MAX_SECONDS - 1, (nowMs - startMs) / 1000));
    }
}
