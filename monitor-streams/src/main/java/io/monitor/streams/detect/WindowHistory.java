package io.monitor.streams.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A brand's negative counts per hopping window, so the detector can compare the current window with earlier,
 * non-overlapping ones. Kafka Streams emits nothing for a window without mentions; such windows after the
 * brand's first mention count as zero (a quiet hour is part of the baseline). The keys may be window starts
 * ({@link #history}) or pane starts ({@link #sum}, {@link #paneHistory}). Bounded: {@link #prune} keeps only
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

    /** Sum of the counts kept for starts in {@code [from, to)}: a window's count when the keys are its panes. */
    public long sum(long from, long to) {
        long total = 0;
        for (long c : counts.subMap(from, true, to, false).values()) {
            total += c;
        }
        return total;
    }

    /**
     * Like {@link #history} when the counts are kept per pane (non-overlapping {@code advance}-sized slices, a
     * window being the sum of its panes): the counts of up to {@code n} earlier windows, each the sum of its panes,
     * ending at or before {@code windowStart}; windows that began before the first mention are not history.
     */
    public long[] paneHistory(long windowStart, long windowMs, int n) {
        long[] out = new long[n];
        int k = 0;
        for (; k < n; k++) {
            long s = windowStart - (k + 1) * windowMs;
            if (s < firstSeen) {
                break;
            }
            out[k] = sum(s, s + windowMs);
        }
        return k == n ? out : java.util.Arrays.copyOf(out, k);
    }

    public boolean warmedUp(long now, long warmupMs) {
        return firstSeen != Long.MAX_VALUE && now - firstSeen >= warmupMs;
    }

    /** Forgets the counts of starts before {@code t}. */
    public void pruneBefore(long t) {
        counts.headMap(t).clear();
    }

    /** Forgets windows the baseline of {@code windowStart} and later windows cannot reach. */
    public void prune(long windowStart, long windowMs, int n) {
        counts.headMap(windowStart - (n + 1L) * windowMs).clear();
    }
}
