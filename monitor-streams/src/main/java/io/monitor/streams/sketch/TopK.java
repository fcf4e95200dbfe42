package io.monitor.streams.sketch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The heaviest keys of a stream in bounded memory: weighted Space-Saving (Metwally et al. 2005) with
 * {@code capacity} counters. A key already counted adds its weight; a new key takes a free counter, else replaces
 * the smallest one and inherits its count as its error. Any key whose total weight exceeds total/capacity is
 * guaranteed to be kept, and a kept key's count overestimates its true weight by at most its {@link Entry#error()}
 * (which is zero for every key while fewer than {@code capacity} distinct keys were seen: then the counts are exact).
 *
 * <p>Beside the weight each counter keeps how many times its key was added ({@code hits}) and the largest value
 * added with it ({@code max}): for authors the weight is their reach, hits their mentions, max their followers.
 *
 * <p>{@link #merge} combines two summaries (Agarwal et al., "Mergeable summaries", 2012): counts of a key add up; a
 * key missing from a full summary may have had up to that summary's smallest count there, which is added to its
 * count and its error; then the {@code capacity} largest stay. While both together saw at most {@code capacity}
 * distinct keys, the merge equals the summary of the concatenated streams. Small capacities (tens): lookups are
 * linear scans, which beat hashing at this size and need no index to rebuild after decoding; keys are kept as their
 * UTF-8 bytes, so a stored summary is read and written per mention without decoding a single string.
 */
public final class TopK {
    /** One counter: key, weight (an upper bound), its possible overestimate, times added and the largest value. */
    public record Entry(String key, long count, long error, long hits, long max) {
    }

    private final int capacity;
    private byte[][] keys;
    private long[] counts;
    private long[] errors;
    private long[] hits;
    private long[] maxes;
    private int size;

    public TopK(int capacity) {
        this(capacity, 8);
    }

    /** With room for {@code expected} counters before growing (a decoder knows how many it will restore). */
    public TopK(int capacity, int expected) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        int initial = Math.max(1, Math.min(capacity, expected));
        keys = new byte[initial][];
        counts = new long[initial];
        errors = new long[initial];
        hits = new long[initial];
        maxes = new long[initial];
    }

    /** A copy with its own counters (keys are shared: a counter's key bytes are replaced, never changed). */
    public TopK copy() {
        TopK c = new TopK(capacity, Math.max(1, size));
        System.arraycopy(keys, 0, c.keys, 0, size);
        System.arraycopy(counts, 0, c.counts, 0, size);
        System.arraycopy(errors, 0, c.errors, 0, size);
        System.arraycopy(hits, 0, c.hits, 0, size);
        System.arraycopy(maxes, 0, c.maxes, 0, size);
        c.size = size;
        return c;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    /** Adds one occurrence of {@code key} with weight 1. */
    public void add(String key) {
        add(key, 1, 0);
    }

    /** Adds one occurrence of {@code key} with {@code weight} (≥ 0) and {@code value} (kept as the key's maximum). */
    public void add(String key, long weight, long value) {
        add(key.getBytes(StandardCharsets.UTF_8), weight, value);
    }

    /** {@link #add(String, long, long)} with the key's UTF-8 bytes (kept, not copied). */
    public void add(byte[] key, long weight, long value) {
        int i = indexOf(key);
        if (i >= 0) {
            counts[i] += weight;
            hits[i]++;
            maxes[i] = Math.max(maxes[i], value);
            return;
        }
        if (size < capacity) {
            put(key, weight, 0, 1, value);
            return;
        }
        int min = minIndex();
        long inherited = counts[min];
        keys[min] = key;
        counts[min] = inherited + weight;
        errors[min] = inherited;
        hits[min] = 1;
        maxes[min] = value;
    }

    /** Merges {@code o} into this one (see the class comment); {@code o} is not changed. */
    public TopK merge(TopK o) {
        long floorThis = size == capacity ? counts[minIndex()] : 0;
        long floorOther = o.size == o.capacity ? o.counts[o.minIndex()] : 0;
        int n = size;
        List<Entry> all = new ArrayList<>(n + o.size);
        boolean[] matched = new boolean[n];
        for (int j = 0; j < o.size; j++) {
            int i = indexOf(o.keys[j]);
            if (i >= 0) {
                matched[i] = true;
                all.add(new Entry(key(i), counts[i] + o.counts[j], errors[i] + o.errors[j], hits[i] + o.hits[j],
                        Math.max(maxes[i], o.maxes[j])));
            } else {
                all.add(new Entry(o.key(j), o.counts[j] + floorThis, o.errors[j] + floorThis, o.hits[j], o.maxes[j]));
            }
        }
        for (int i = 0; i < n; i++) {
            if (!matched[i]) {
                all.add(new Entry(key(i), counts[i] + floorOther, errors[i] + floorOther, hits[i], maxes[i]));
            }
        }
        all.sort(ORDER);
        size = 0;
        for (int i = 0; i < all.size() && i < capacity; i++) {
            Entry e = all.get(i);
            put(e.key().getBytes(StandardCharsets.UTF_8), e.count(), e.error(), e.hits(), e.max());
        }
        return this;
    }

    /** The {@code k} heaviest entries, heaviest first (ties: key order, so results are stable). */
    public List<Entry> top(int k) {
        List<Entry> all = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            all.add(new Entry(key(i), counts[i], errors[i], hits[i], maxes[i]));
        }
        all.sort(ORDER);
        return all.size() > k ? List.copyOf(all.subList(0, k)) : all;
    }

    /** The i-th counter in storage order (for writing). */
    public Entry entry(int i) {
        return new Entry(key(i), counts[i], errors[i], hits[i], maxes[i]);
    }

    /** The i-th key's UTF-8 bytes, not a copy: for writing only. */
    public byte[] keyBytes(int i) {
        return keys[i];
    }

    public long count(int i) {
        return counts[i];
    }

    public long error(int i) {
        return errors[i];
    }

    public long hits(int i) {
        return hits[i];
    }

    public long max(int i) {
        return maxes[i];
    }

    /**
     * Appends a counter as written by the codec, its key the UTF-8 bytes {@code src[off, off + len)} (no lookup:
     * keys are distinct in what the codec wrote).
     */
    public void restore(byte[] src, int off, int len, long count, long error, long hits, long max) {
        if (size == capacity) {
            throw new IllegalArgumentException("more than " + capacity + " counters");
        }
        put(java.util.Arrays.copyOfRange(src, off, off + len), count, error, hits, max);
    }

    private String key(int i) {
        return new String(keys[i], StandardCharsets.UTF_8);
    }

    private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::count).reversed()
            .thenComparing(Entry::key);

    private void put(byte[] key, long count, long error, long hit, long max) {
        if (size == keys.length) {
            int n = Math.min(capacity, keys.length * 2);
            keys = Arrays.copyOf(keys, n);
            counts = Arrays.copyOf(counts, n);
            errors = Arrays.copyOf(errors, n);
            hits = Arrays.copyOf(hits, n);
            maxes = Arrays.copyOf(maxes, n);
        }
        keys[size] = key;
        counts[size] = count;
        errors[size] = error;
        hits[size] = hit;
        maxes[size] = max;
        size++;
    }

    private int indexOf(byte[] key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].length == key.length && Arrays.equals(keys[i], key)) {
                return i;
            }
        }
        return -1;
    }

    private int minIndex() {
        int m = 0;
        for (int i = 1; i < size; i++) {
            if (counts[i] < counts[m]) {
                m = i;
            }
        }
        return m;
    }
}
