package io.monitor.streams.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of keys (terms, hashtags, near-duplicate clusters) per pane, and each key's own smoothed baseline, in
 * bounded space; plain data for JSON. Each pane keeps at most {@value #MAX_PER_PANE} keys by the space-saving rule
 * (a new key replaces the rarest and inherits its count, so a frequent key is never lost and a count is over by at
 * most the pane's minimum); panes that leave the window are folded into an exponentially weighted mean per key
 * (bias-corrected, so a young brand's baseline is a plain mean, not a number near zero) and forgotten; the
 * baseline keeps the {@value #MAX_BASELINE} largest keys.
 */
public final class BurstCounter {
    public static final int MAX_PER_PANE = 200;
    public static final int MAX_BASELINE = 1000;
    /** Prefix of bookkeeping keys (such as a count of all posts) that are counted like keys but never burst. */
    public static final String INTERNAL = "\u0001";

    /** Pane start (ms) → key → count. */
    public TreeMap<Long, HashMap<String, Long>> panes = new TreeMap<>();
    /** Key → exponentially weighted mean count per pane, not yet bias-corrected. */
    public HashMap<String, Double> baseline = new HashMap<>();
    /** End (ms) of the last pane folded into the baseline; {@code Long.MIN_VALUE} before the first. */
    public long foldedUntil = Long.MIN_VALUE;
    /** Panes folded so far (for the bias correction). */
    public long folded;

    /** One occurrence of {@code key} in the pane starting at {@code paneStart}. */
    public void add(long paneStart, String key) {
        HashMap<String, Long> p = pane(paneStart);
        if (p != null) {
            count(p, key);
        }
    }

    /** One occurrence of each of {@code keys}, in their order, in the pane starting at {@code paneStart} (one lookup of the pane). */
    public void addAll(long paneStart, Iterable<String> keys) {
        HashMap<String, Long> p = pane(paneStart);
        if (p != null) {
            for (String key : keys) {
                count(p, key);
            }
        }
    }

    /** The counts of the pane, created if needed; null when the pane is already in the baseline. */
    private HashMap<String, Long> pane(long paneStart) {
        if (foldedUntil == Long.MIN_VALUE) {
            foldedUntil = paneStart;
        }
        if (paneStart < foldedUntil) {
            return null; // a pane already in the baseline: too late to count in a window
        }
        return panes.computeIfAbsent(paneStart, s -> new HashMap<>());
    }

    private static void count(HashMap<String, Long> p, String key) {
        Long c = p.get(key);
        if (c != null) {
            p.put(key, c + 1);
            return;
        }
        if (p.size() < MAX_PER_PANE) {
            p.put(key, 1L);
            return;
        }
        String rarest = null;
        long min = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : p.entrySet()) {
            if (e.getValue() < min) {
                min = e.getValue();
                rarest = e.getKey();
            }
        }
        p.remove(rarest);
        p.put(key, min + 1);
    }

    /**
     * Folds every pane that ends at or before {@code windowStart} into the baseline (empty panes count as zero), with
     * weight {@code alpha} per pane.
     */
    public void roll(long windowStart, long paneMs, double alpha) {
        if (foldedUntil == Long.MIN_VALUE) {
            return;
        }
        while (foldedUntil + paneMs <= windowStart) {
            Long next = panes.ceilingKey(foldedUntil);
            long stop = next == null || next > windowStart - paneMs ? windowStart : next;
            long empty = (stop - foldedUntil) / paneMs;
            if (empty > 0) {
                // A run of empty panes: decay all at once.
                double keep = Math.pow(1 - alpha, empty);
                baseline.replaceAll((k, v) -> v * keep);
                folded += empty;
                foldedUntil += empty * paneMs;
                continue;
            }
            HashMap<String, Long> p = panes.remove(foldedUntil);
            baseline.replaceAll((k, v) -> v * (1 - alpha));
            if (p != null) {
                p.forEach((k, c) -> baseline.merge(k, alpha * c, Double::sum));
            }
            folded++;
            foldedUntil += paneMs;
        }
        panes.headMap(foldedUntil).clear();
        baseline.values().removeIf(v -> v < 1e-4);
        if (baseline.size() > MAX_BASELINE) {
            List<Double> vals = new ArrayList<>(baseline.values());
            vals.sort(null);
            double cut = vals.get(vals.size() - MAX_BASELINE);
            baseline.values().removeIf(v -> v < cut);
        }
    }

    /** Counts per key over the panes starting in {@code [from, to)}. */
    public Map<String, Long> window(long from, long to) {
        Map<String, Long> out = new HashMap<>();
        for (HashMap<String, Long> p : panes.subMap(from, true, to, false).values()) {
            p.forEach((k, c) -> out.merge(k, c, Long::sum));
        }
        return out;
    }

    /** The key's bias-corrected mean count per pane (0 before any pane was folded). */
    public double perPane(String key, double alpha) {
        if (folded == 0) {
            return 0;
        }
        double weight = 1 - Math.pow(1 - alpha, folded);
        return baseline.getOrDefault(key, 0.0) / weight;
    }

    /** A key whose window count is far above its own baseline. */
    public record Burst(String key, long count, double expected, double factor, double pValue) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %d (usually %.1f, %.0fx, p=%.1g)", key, count, expected, factor, pValue);
        }
    }

    /**
     * The keys of the window {@code [from, to)} with at least {@code minCount} occurrences, at least
     * {@code factor ×} their expected count (at least {@code floor}) and a Poisson upper tail {@code <= alpha};
     * highest factor first.
     */
    public List<Burst> bursts(long from, long to, int panesPerWindow, double smoothing, int minCount, double factor,
                              double floor, double alpha) {
        return bursts(window(from, to), panesPerWindow, smoothing, minCount, factor, floor, alpha, 1.0);
    }

    /**
     * Like {@link #bursts(long, long, int, double, int, double, double, double)} on given window counts, with each
     * key's baseline multiplied by {@code scale} before the floor (the overall rise of the posts the keys come from,
     * so that a key only bursts when it rises beyond everything else). Keys starting with {@value #INTERNAL} are
     * bookkeeping, never bursts.
     */
    public List<Burst> bursts(Map<String, Long> window, int panesPerWindow, double smoothing, int minCount, double factor,
                              double floor, double alpha, double scale) {
        List<Burst> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : window.entrySet()) {
            long c = e.getValue();
            if (c < minCount || e.getKey().startsWith(INTERNAL)) {
                continue;
            }
            double expected = Math.max(floor, perPane(e.getKey(), smoothing) * panesPerWindow * scale);
            if (c < factor * expected) {
                continue;
            }
            double p = CountTail.poisson(c, expected);
            if (p <= alpha) {
                out.add(new Burst(e.getKey(), c, expected, c / expected, p));
            }
        }
        out.sort((a, b) -> a.factor() != b.factor() ? Double.compare(b.factor(), a.factor())
                : a.count() != b.count() ? Long.compare(b.count(), a.count()) : a.key().compareTo(b.key()));
        return out;
    }
}
