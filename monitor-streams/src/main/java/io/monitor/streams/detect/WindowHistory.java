package io.monitor.streams.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A brand's negative counts per hopping window, so the detector can compare the current window with earlier,
 * non-overlapping ones. Kafka Streams emits nothing for a window without mentions; such windows after the
 * brand's first mention count as zero (a quiet hour is part of the baseline). Bounded: {@link #prune} keeps only
 * what the baseline can reach. Plain data for JSON (public fields), kept in the spike processor's state store.
 */
public final class WindowHistory {
    /** Event time of the brand's first mention seen, ms; {@code Long.MAX_VALUE} before any. */
    public long firstSeen = Long.MAX_VALUE;
    /** Window start (ms) → largest negative count seen for it (counts only grow while a window is open). */
    public TreeMap<Long, Long> counts = new TreeMap<>();

    public void observe(long eventTime, long windowStart, long negatives) {
        firstSeen = Math.min(firstSeen, eventTime);
        counts.merge(windowStart, negatives, Math::max);
    }

    /**
     * Counts of up to {@code n} earlier windows ending at or before {@code windowStart} (so none overlaps the current
     * window), stepping back by the window size; windows that began before the first mention are not history
     * (they were only partly observed).
     */
    public long[] history(long windowStart, long windowMs, long advanceMs, int n) {
        List<Long> out = new ArrayList<>(n);
        for (int k = 1; k <= n; k++) {
            long s = windowStart - k * windowMs;
            s -= Math.floorMod(s, advanceMs);
            if (s < firstSeen) {
                break; // a window that began before the first mention holds only part of a window's worth
            }
            out.add(counts.getOrDefault(s, 0L));
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    public boolean warmedUp(long now, long warmupMs) {
        return firstSeen != Long.MAX_VALUE && now - firstSeen >= warmupMs;
    }

    /** Forgets windows the baseline of {@code windowStart} and later windows cannot reach. */
    public void prune(long windowStart, long windowMs, int n) {
        counts.headMap(windowStart - (n + 1L) * windowMs).clear();
    }
}
