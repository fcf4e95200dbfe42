package io.monitor.streams.sketch;

import java.util.Arrays;

/**
 * How many distinct values (authors) a window saw, in bounded bytes and mergeable: exact while small (a sorted set
 * of 64-bit hashes, up to {@value #EXACT_MAX}), then a HyperLogLog of 2^{@value #P} one-byte registers
 * ({@value #M} bytes, relative standard error 1.04/√M ≈ 2.3 %) read with Ertl's improved raw estimator (2017), which
 * needs neither bias tables nor a switch to linear counting and stays unbiased from a few hundred to billions.
 *
 * <p>{@link #merge} is the sketch of the union of both inputs (registers take the maximum), so a 1-hour window is
 * the merge of its 5-minute windows. Values are added as 64-bit hashes ({@link #hash(String)}); the same value always
 * gives the same hash, on every instance and JVM. Mutable, not thread-safe (one per aggregate value).
 */
public final class DistinctCount {
    /** log2 of the number of registers. */
    public static final int P = 11;
    public static final int M = 1 << P;
    /** Largest exact set; beyond it the registers take over (the exact set's bytes would pass the registers'). */
    public static final int EXACT_MAX = 128;
    private static final int Q = 64 - P;
    private static final double ALPHA_INF = 1 / (2 * Math.log(2));

    private long[] exact = new long[8];
    private int size;
    private byte[] registers;

    /** A 64-bit hash of {@code s} (FNV-1a over the chars, then a MurmurHash3 finaliser so every bit mixes). */
    public static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** A copy that changes independently of this one. */
    public DistinctCount copy() {
        DistinctCount c = new DistinctCount();
        if (registers != null) {
            c.registers = registers.clone();
            c.exact = null;
        } else {
            c.exact = Arrays.copyOf(exact, Math.max(8, size));
            c.size = size;
        }
        return c;
    }

    public void add(String value) {
        addHash(hash(value));
    }

    public void addHash(long h) {
        if (registers != null) {
            addToRegisters(registers, h);
            return;
        }
        int at = Arrays.binarySearch(exact, 0, size, h);
        if (at >= 0) {
            return;
        }
        if (size == EXACT_MAX) {
            toRegisters();
            addToRegisters(registers, h);
            return;
        }
        int ins = -at - 1;
        if (size == exact.length) {
            exact = Arrays.copyOf(exact, Math.min(EXACT_MAX, Math.max(8, size * 2)));
        }
        System.arraycopy(exact, ins, exact, ins + 1, size - ins);
        exact[ins] = h;
        size++;
    }

    private static void addToRegisters(byte[] r, long h) {
        int idx = (int) (h >>> Q);
        // rank of the remaining Q bits: leading zeros + 1, at most Q + 1
        long rest = h << P;
        int rank = rest == 0 ? Q + 1 : Math.min(Q + 1, Long.numberOfLeadingZeros(rest) + 1);
        if (rank > r[idx]) {
            r[idx] = (byte) rank;
        }
    }

    private void toRegisters() {
        byte[] r = new byte[M];
        for (int i = 0; i < size; i++) {
            addToRegisters(r, exact[i]);
        }
        registers = r;
        exact = null;
        size = 0;
    }

    /** Adds {@code o}'s values: afterwards this counts the union. {@code o} is not changed. */
    public DistinctCount merge(DistinctCount o) {
        if (o.registers == null) {
            for (int i = 0; i < o.size; i++) {
                addHash(o.exact[i]);
            }
            return this;
        }
        if (registers == null) {
            toRegisters();
        }
        for (int i = 0; i < M; i++) {
            if (o.registers[i] > registers[i]) {
                registers[i] = o.registers[i];
            }
        }
        return this;
    }

    /** Whether the count is exact (the set of hashes is still kept). */
    public boolean isExact() {
        return registers == null;
    }

    /** The number of distinct values: exact while {@link #isExact()}, else the estimate, rounded. */
    public long estimate() {
        if (registers == null) {
            return size;
        }
        int[] c = new int[Q + 2];
        for (byte b : registers) {
            if (b < 0 || b > Q + 1) { // only a damaged stored value has these; checked here, not on every decode
                throw new IllegalStateException("register value " + b + " is out of range 0.." + (Q + 1));
            }
            c[b]++;
        }
        double z = M * tau(1 - (double) c[Q + 1] / M);
        for (int k = Q; k >= 1; k--) {
            z = 0.5 * (z + c[k]);
        }
        z += M * sigma((double) c[0] / M);
        return Math.round(ALPHA_INF * M * (double) M / z);
    }

    private static double sigma(double x) {
        if (x == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double y = 1;
        double z = x;
        double before;
        do {
            x *= x;
            before = z;
            z += x * y;
            y += y;
        } while (z != before);
        return z;
    }

    private static double tau(double x) {
        if (x == 0 || x == 1) {
            return 0;
        }
        double y = 1;
        double z = 1 - x;
        double before;
        do {
            x = Math.sqrt(x);
            before = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        } while (z != before);
        return z / 3;
    }

    // ---------------------------------------------------------------- codec support (see TimelineCountsCodec)

    /** The exact hashes (sorted) while exact, else null. */
    public long[] exactHashes() {
        return registers == null ? Arrays.copyOf(exact, size) : null;
    }

    /** The registers once switched, else null. Not a copy: for writing only. */
    public byte[] registersView() {
        return registers;
    }

    /** Number of exact hashes kept (0 once switched to registers). */
    public int exactSize() {
        return size;
    }

    /** The i-th exact hash (sorted ascending). */
    public long exactHash(int i) {
        return exact[i];
    }

    /** A sketch from its exact hashes (any order, duplicates allowed), as written by the codec. */
    public static DistinctCount ofHashes(long[] hashes, int n) {
        DistinctCount d = new DistinctCount();
        if (n > EXACT_MAX) {
            d.toRegisters();
            for (int i = 0; i < n; i++) {
                addToRegisters(d.registers, hashes[i]);
            }
            return d;
        }
        boolean ascending = true;
        for (int i = 1; i < n && ascending; i++) {
            ascending = hashes[i - 1] < hashes[i];
        }
        if (ascending && n > 0) { // as the codec writes them: taken as they are
            d.exact = hashes;
            d.size = n;
            return d;
        }
        long[] sorted = Arrays.copyOf(hashes, Math.max(8, n));
        Arrays.sort(sorted, 0, n);
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (w == 0 || sorted[w - 1] != sorted[i]) {
                sorted[w++] = sorted[i];
            }
        }
        d.exact = sorted;
        d.size = w;
        return d;
    }

    /**
     * A sketch from {@value #M} registers, as written by the codec (the array is taken, not copied). Register values
     * are checked when estimating (this runs once per mention; the estimate once per query).
     */
    public static DistinctCount ofRegisters(byte[] registers) {
        if (registers.length != M) {
            throw new IllegalArgumentException("a distinct count needs " + M + " registers, not " + registers.length);
        }
        DistinctCount d = new DistinctCount();
        d.registers = registers;
        d.exact = null;
        return d;
    }
}
