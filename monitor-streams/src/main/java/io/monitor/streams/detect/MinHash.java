package io.monitor.streams.detect;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Near-duplicate texts by MinHash over word shingles: the share of equal minimum hashes of two signatures
 * estimates the Jaccard similarity of their shingle sets. Shingles are word pairs (single words for texts of one
 * word), over {@link Terms#words} (so a changed link or tagged person does not hide a copy). A signature keeps the
 * lowest 8 bits of each of {@value #HASHES} minimums (b-bit MinHash: 64 bytes instead of 512), and the estimate
 * corrects for the chance agreement of 1/256 that this adds. Standard error of the estimate about 0.06 at 0.7.
 */
public final class MinHash {
    public static final int HASHES = 64;
    private static final long[] SEEDS = new long[HASHES];

    static {
        long s = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < HASHES; i++) {
            s += 0x9E3779B97F4A7C15L;
            SEEDS[i] = mix(s);
        }
    }

    private MinHash() {
    }

    /** The shingle set of a text (hashed). */
    public static Set<Long> shingles(List<String> words) {
        Set<Long> out = new HashSet<>();
        if (words.size() == 1) {
            out.add(fnv(words.get(0)));
        }
        for (int i = 0; i + 1 < words.size(); i++) {
            out.add(fnv(words.get(i)) * 31 + fnv(words.get(i + 1)));
        }
        return out;
    }

    /** The signature of a text's words; null for a text without words. */
    public static byte[] signature(List<String> words) {
        // The shingles of shingles(words) as an array, each word hashed once and nothing boxed: a shingle that
        // occurs twice changes no minimum, so the array gives the set's minimums.
        int n = words.size();
        if (n == 0) {
            return null;
        }
        long[] sh;
        if (n == 1) {
            sh = new long[] {fnv(words.get(0))};
        } else {
            sh = new long[n - 1];
            long prev = fnv(words.get(0));
            for (int i = 1; i < n; i++) {
                long next = fnv(words.get(i));
                sh[i - 1] = prev * 31 + next;
                prev = next;
            }
        }
        byte[] sig = new byte[HASHES];
        for (int i = 0; i < HASHES; i++) {
            long seed = SEEDS[i];
            long min = Long.MAX_VALUE;
            for (long x : sh) {
                long h = mix(x ^ seed) & Long.MAX_VALUE;
                if (h < min) {
                    min = h;
                }
            }
            sig[i] = (byte) min;
        }
        return sig;
    }

    /** Estimated Jaccard similarity of the shingle sets behind two signatures, in [0, 1]. */
    public static double similarity(byte[] a, byte[] b) {
        int equal = 0;
        for (int i = 0; i < HASHES; i++) {
            if (a[i] == b[i]) {
                equal++;
            }
        }
        return similarity(equal);
    }

    /** A signature as {@value #HASHES}/8 longs (eight bytes each) for {@link #similarity(long[], long[])}. */
    public static long[] pack(byte[] sig) {
        long[] out = new long[PACKED];
        for (int i = 0; i < HASHES; i++) {
            out[i >> 3] |= (sig[i] & 0xFFL) << ((i & 7) * 8);
        }
        return out;
    }

    /** Longs of a packed signature. */
    public static final int PACKED = HASHES / 8;

    /** {@link #similarity(byte[], byte[])} of two packed signatures, eight bytes compared at once. */
    public static double similarity(long[] a, long[] b) {
        return similarity(a, b, 0);
    }

    /** {@link #similarity(long[], long[])} of {@code a} and the packed signature at {@code offset} of {@code b}. */
    public static double similarity(long[] a, long[] b, int offset) {
        int equal = 0;
        for (int i = 0; i < PACKED; i++) {
            long x = a[i] ^ b[offset + i];
            // The high bit of each byte is set where that byte of x is zero (no carry crosses a byte).
            long y = ~(((x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL) | x | 0x7F7F7F7F7F7F7F7FL);
            equal += Long.bitCount(y);
        }
        return similarity(equal);
    }

    private static double similarity(int equal) {
        double raw = (double) equal / HASHES;
        double chance = 1.0 / 256;
        return Math.max(0, Math.min(1, (raw - chance) / (1 - chance)));
    }

    /** Exact Jaccard similarity of two texts' shingle sets (tests and explanations). */
    public static double jaccard(List<String> a, List<String> b) {
        Set<Long> x = shingles(a);
        Set<Long> y = shingles(b);
        if (x.isEmpty() && y.isEmpty()) {
            return 1;
        }
        Set<Long> inter = new HashSet<>(x);
        inter.retainAll(y);
        return (double) inter.size() / (x.size() + y.size() - inter.size());
    }

    public static String encode(byte[] sig) {
        return Base64.getEncoder().withoutPadding().encodeToString(sig);
    }

    public static byte[] decode(String sig) {
        return Base64.getDecoder().decode(sig);
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
