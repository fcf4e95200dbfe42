package io.monitor.streams.detect;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups a brand's recent negative posts into near-duplicate clusters (MinHash similarity to the cluster's first
 * post at least the threshold), remembering per cluster its distinct authors with their last post time, a sample
 * text and link. Bounded: at most {@value #MAX_CLUSTERS} clusters (the least recently joined is forgotten) and
 * {@value #MAX_AUTHORS} authors per cluster (the longest quiet is forgotten). Plain data for JSON.
 */
public final class DuplicateClusters {
    public static final int MAX_CLUSTERS = 100;
    public static final int MAX_AUTHORS = 64;
    /** Texts with fewer words are not compared: short complaints ("Nordbahn kaputt") are alike by nature. */
    public static final int MIN_WORDS = 5;

    public List<Cluster> clusters = new ArrayList<>();

    /** One group of near-identical texts. */
    public static final class Cluster {
        /** Stable id: the first bytes of the first post's signature (an identical text forms the same id again). */
        public String id;
        /** MinHash signature of the first post (Base64). */
        public String signature;
        public long lastSeen;
        public String sample;
        public String url;
        /** Author → event time (ms) of their last post in this cluster. */
        public LinkedHashMap<String, Long> authors = new LinkedHashMap<>();
        private byte[] decoded;
        private long[] packed;

        byte[] sig() {
            if (decoded == null) {
                decoded = MinHash.decode(signature);
            }
            return decoded;
        }

        /** The signature packed for comparison (not part of the JSON: no getter, not public). */
        long[] packed() {
            if (packed == null) {
                packed = MinHash.pack(sig());
            }
            return packed;
        }

        /** Distinct authors whose last post in the cluster is at or after {@code from}. */
        public int authorsSince(long from) {
            int n = 0;
            for (long t : authors.values()) {
                if (t >= from) {
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * Adds a negative post; returns the cluster it joined or started, or null when the text is too short to compare.
     *
     * @param words     {@link Terms#words} of the text
     * @param threshold Jaccard similarity from which two texts are near-duplicates
     */
    public Cluster add(long time, String author, List<String> words, String text, String url, double threshold) {
        if (words.size() < MIN_WORDS) {
            return null;
        }
        byte[] sig = MinHash.signature(words);
        long[] packed = MinHash.pack(sig);
        if (!indexCurrent()) {
            reindex();
        }
        Cluster best = null;
        double bestSim = threshold;
        for (int i = 0; i < slotCount; i++) {
            double s = MinHash.similarity(packed, sigs, i * MinHash.PACKED);
            if (s >= bestSim) {
                best = slots[i];
                bestSim = s;
            }
        }
        if (best == null) {
            best = new Cluster();
            best.signature = MinHash.encode(sig);
            best.decoded = sig;
            best.packed = packed;
            best.id = HexFormat.of().formatHex(sig, 0, 6);
            best.sample = text;
            best.url = url;
            best.lastSeen = time;
            if (clusters.size() >= MAX_CLUSTERS) {
                int oldest = 0; // the first of the least recently joined
                for (int i = 1; i < clusters.size(); i++) {
                    if (clusters.get(i).lastSeen < clusters.get(oldest).lastSeen) {
                        oldest = i;
                    }
                }
                clusters.remove(oldest);
                removeSlot(oldest);
            }
            clusters.add(best);
            appendSlot(best);
        }
        best.lastSeen = Math.max(best.lastSeen, time);
        String key = author == null ? "?" + time : author; // an unknown author counts once per post
        best.authors.remove(key);
        best.authors.put(key, time);
        if (best.authors.size() > MAX_AUTHORS) {
            String quietest = null;
            long min = Long.MAX_VALUE;
            for (Map.Entry<String, Long> e : best.authors.entrySet()) {
                if (e.getValue() < min) {
                    min = e.getValue();
                    quietest = e.getKey();
                }
            }
            best.authors.remove(quietest);
        }
        return best;
    }

    // The clusters' packed signatures side by side, in list order, with the clusters they belong to: a post is
    // compared with up to a hundred clusters by reading one array instead of a hundred objects. Not part of the JSON
    // (private, no accessors); checked against the list before each use (the list is a public field that data
    // binding and tests set), rebuilt when it no longer matches, kept in step by add.
    private Cluster[] slots = new Cluster[0];
    private long[] sigs = new long[0];
    private int slotCount = -1;

    private boolean indexCurrent() {
        int n = clusters.size();
        if (n != slotCount) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (clusters.get(i) != slots[i]) {
                return false;
            }
        }
        return true;
    }

    private void reindex() {
        int n = clusters.size();
        slots = new Cluster[Math.max(n, MAX_CLUSTERS) + 1];
        sigs = new long[slots.length * MinHash.PACKED];
        slotCount = 0;
        for (Cluster c : clusters) {
            appendSlot(c);
        }
    }

    private void appendSlot(Cluster c) {
        if (slotCount == slots.length) {
            slots = java.util.Arrays.copyOf(slots, slots.length * 2);
            sigs = java.util.Arrays.copyOf(sigs, slots.length * MinHash.PACKED);
        }
        slots[slotCount] = c;
        System.arraycopy(c.packed(), 0, sigs, slotCount * MinHash.PACKED, MinHash.PACKED);
        slotCount++;
    }

    private void removeSlot(int i) {
        int after = slotCount - i - 1;
        System.arraycopy(slots, i + 1, slots, i, after);
        System.arraycopy(sigs, (i + 1) * MinHash.PACKED, sigs, i * MinHash.PACKED, after * MinHash.PACKED);
        slotCount--;
        slots[slotCount] = null;
    }

    public Cluster byId(String id) {
        for (Cluster c : clusters) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        return null;
    }
}
