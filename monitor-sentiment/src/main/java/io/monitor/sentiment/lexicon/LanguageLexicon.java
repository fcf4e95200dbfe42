package io.monitor.sentiment.lexicon;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the rules know about one language: word valences (VADER scale, -4..+4), multi-word phrases,
 * boosters and dampeners, negators, contrast words, irony-prone positives, verbs negated by a following
 * "nicht", and (German) compound prefixes. Keys are folded as {@link io.monitor.sentiment.text.SocialTokenizer#fold}.
 * Immutable after construction.
 *
 * <p>Speed: every word of this language's vocabulary is one entry of a single open-addressing table (parallel
 * arrays: key, valence, booster increment, role flags, phrases starting with it), so the rules look a token up
 * once ({@link #entry}) and read all it needs from the entry: no boxed values, no allocation. Only the German
 * compound fallback for unknown long words computes (and caches) on a miss.
 */
public final class LanguageLexicon {

    /** A multi-word expression; its valence replaces the valences of its words. */
    public record Phrase(String[] words, float valence) {}

    /** Role flags of an entry ({@link #flags}). */
    public static final int NEGATOR = 1;
    public static final int CONTRAST = 1 << 1;
    public static final int IRONY = 1 << 2;
    public static final int POST_NEGATED = 1 << 3;
    public static final int BOOSTER = 1 << 4;
    /** The word has an entry in the valence lexicon (its valence may be 0). */
    public static final int WORD = 1 << 5;
    public static final int PHRASE_HEAD = 1 << 6;

    private static final Phrase[] NO_PHRASES = new Phrase[0];

    private final String language;
    private final int size;
    private final String[] keys;
    /** {@code keys[i].hashCode()}, so that a probe compares hashes without loading the key String (another cache miss). */
    private final int[] hashes;
    private final float[] valences;
    private final float[] boosters;
    private final byte[] flags;
    private final Phrase[][] phrases;
    private final int mask;
    /** One bit per spread hash modulo its size, set for every key: turns most unknown words away in cache. */
    private final long[] filter;
    private final int filterMask;
    /** Polar compound prefixes ("scheiss", "mega"...): a small table probed by the hash of a prefix, no substring. */
    private final PrefixTable compoundPrefixes;
    private final PrefixTable amplifierPrefixes;
    private final boolean compounds;

    LanguageLexicon(String language, Map<String, Float> words, Map<String, List<Phrase>> phrasesByFirstWord,
                    Map<String, Float> boosters, Set<String> negators, Set<String> contrast, Set<String> irony,
                    Set<String> postNegated, Map<String, Float> compoundPrefixes, Map<String, Float> amplifierPrefixes,
                    boolean compounds) {
        this.language = language;
        this.size = words.size();
        Set<String> all = new HashSet<>(words.keySet());
        all.addAll(phrasesByFirstWord.keySet());
        all.addAll(boosters.keySet());
        all.addAll(negators);
        all.addAll(contrast);
        all.addAll(irony);
        all.addAll(postNegated);
        int capacity = Integer.highestOneBit(Math.max(16, all.size() * 2) - 1) << 1; // load factor ≤ 0.5
        this.keys = new String[capacity];
        this.hashes = new int[capacity];
        this.valences = new float[capacity];
        this.boosters = new float[capacity];
        this.flags = new byte[capacity];
        this.phrases = new Phrase[capacity][];
        this.mask = capacity - 1;
        int filterBits = capacity * 4;
        this.filter = new long[filterBits >>> 6];
        this.filterMask = filterBits - 1;
        for (String w : all) {
            int slot = insert(w);
            int f = 0;
            Float v = words.get(w);
            if (v != null) {
                valences[slot] = v;
                f |= WORD;
            }
            Float b = boosters.get(w);
            if (b != null) {
                this.boosters[slot] = b;
                f |= BOOSTER;
            }
            List<Phrase> p = phrasesByFirstWord.get(w);
            if (p != null && !p.isEmpty()) {
                phrases[slot] = p.toArray(NO_PHRASES);
                f |= PHRASE_HEAD;
            } else {
                phrases[slot] = NO_PHRASES;
            }
            f |= negators.contains(w) ? NEGATOR : 0;
            f |= contrast.contains(w) ? CONTRAST : 0;
            f |= irony.contains(w) ? IRONY : 0;
            f |= postNegated.contains(w) ? POST_NEGATED : 0;
            flags[slot] = (byte) f;
        }
        this.compoundPrefixes = new PrefixTable(compoundPrefixes);
        this.amplifierPrefixes = new PrefixTable(amplifierPrefixes);
        this.compounds = compounds;
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private int insert(String key) {
        int h = spread(key.hashCode());
        int b = Integer.reverse(h) & filterMask;
        filter[b >>> 6] |= 1L << b;
        int i = h & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        hashes[i] = key.hashCode();
        return i;
    }

    /** The table slot of a folded word, or -1 when the lexicon does not know it. One probe sequence, no allocation. */
    public int entry(String norm) {
        int hash = norm.hashCode();
        int h = spread(hash);
        int b = Integer.reverse(h) & filterMask;
        if ((filter[b >>> 6] & (1L << b)) == 0) {
            return -1;
        }
        int i = h & mask;
        while (true) {
            if (hashes[i] == hash) {
                String k = keys[i];
                if (k != null && k.equals(norm)) {
                    return i;
                }
            }
            if (keys[i] == null) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * The table slot of {@code norm.substring(from)}, given that substring's {@link String#hashCode}, or -1; the
     * substring is never created (the compound fallback probes every suffix of a long word).
     */
    private int entry(String norm, int from, int hash) {
        int h = spread(hash);
        int b = Integer.reverse(h) & filterMask;
        if ((filter[b >>> 6] & (1L << b)) == 0) {
            return -1;
        }
        int len = norm.length() - from;
        int i = h & mask;
        while (true) {
            String k = keys[i];
            if (k == null) {
                return -1;
            }
            if (hashes[i] == hash && k.length() == len && norm.regionMatches(from, k, 0, len)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Role flags of an entry (0 for -1), plus {@link #NEGATOR} for English contractions ("isn't", "didn't"). */
    public int flags(int entry, String norm) {
        int f = entry < 0 ? 0 : flags[entry];
        if ((f & NEGATOR) == 0 && norm.length() > 3 && norm.endsWith("n't")) {
            f |= NEGATOR;
        }
        return f;
    }

    /** Valence of an entry; for -1, the German compound fallback of {@code norm} (0 in English). */
    public float valence(int entry, String norm) {
        if (entry >= 0 && (flags[entry] & WORD) != 0) {
            return valences[entry];
        }
        return compounds && norm.length() >= 7 ? compoundValence(norm) : 0f;
    }

    /** Booster increment of an entry (positive), dampener decrement (negative), or 0. */
    public float booster(int entry) {
        return entry < 0 ? 0f : boosters[entry];
    }

    /** Phrases starting with the entry's word, longest first (empty array when none). */
    public Phrase[] phrases(int entry) {
        return entry < 0 ? NO_PHRASES : phrases[entry];
    }

    public String language() {
        return language;
    }

    /** Number of single-word entries (including generated inflections). */
    public int size() {
        return size;
    }

    /**
     * Valence of a folded word, or 0 when unknown. German: an unknown compound falls back to its head
     * ("Zugausfall" → "ausfall") or a polar prefix ("Scheißwetter" → "scheiss").
     */
    public float valence(String norm) {
        return valence(entry(norm), norm);
    }

    /** All single-word entries (folded), as a new set (built from the table on each call: for set-up code only). */
    public Set<String> words() {
        Set<String> out = new HashSet<>(size * 2);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && (flags[i] & WORD) != 0) {
                out.add(keys[i]);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** Whether the folded word is in the lexicon at all (valence may be 0). */
    public boolean contains(String norm) {
        int e = entry(norm);
        return e >= 0 && (flags[e] & WORD) != 0;
    }

    /**
     * German compounds: the valence of the head, the longest known suffix of at least four letters with a non-zero
     * valence ("zugausfall" → "ausfall", times 0.9, or plus an amplifier prefix's weight: "megastau"), else that of a
     * polar prefix of three to eight letters ("scheisswetter" → "scheiss"), else 0. Allocation-free: suffixes and
     * prefixes are probed by their String hash codes, computed once per word, not by substrings (this runs for every
     * unknown German word of seven letters or more).
     */
    private float compoundValence(String norm) {
        int n = norm.length();
        if (n - 4 < 3) {
            return prefixValence(norm, n);
        }
        // suffix hashes as String.hashCode would compute them: h(k) = c[k]·31^(n-1-k) + h(k+1)
        int[] suffix = SUFFIX_HASHES.get();
        if (suffix.length < n + 1) {
            suffix = new int[Math.max(n + 1, 2 * suffix.length)];
            SUFFIX_HASHES.set(suffix);
        }
        int h = 0;
        int pow = 1;
        for (int k = n - 1; k >= 3; k--) {
            h += norm.charAt(k) * pow;
            pow *= 31;
            suffix[k] = h;
        }
        // head: the longest known suffix of at least 4 letters (German compounds are head-final)
        for (int split = 3; split <= n - 4; split++) {
            int e = entry(norm, split, suffix[split]);
            if (e >= 0 && (flags[e] & WORD) != 0) {
                float head = valences[e];
                if (head != 0f) {
                    float amp = amplifierPrefixes.get(norm, split);
                    return Float.isNaN(amp) ? head * 0.9f : head + Math.signum(head) * amp;
                }
            }
        }
        return prefixValence(norm, n);
    }

    /** Polar prefix with a neutral or unknown head: the longest of 3..min(n-3, 8) letters in the prefix list. */
    private float prefixValence(String norm, int n) {
        for (int split = Math.min(n - 3, 8); split >= 3; split--) {
            float prefix = compoundPrefixes.get(norm, split);
            if (!Float.isNaN(prefix)) {
                return prefix;
            }
        }
        return 0f;
    }

    private static final ThreadLocal<int[]> SUFFIX_HASHES = ThreadLocal.withInitial(() -> new int[64]);

    /** A small immutable open-addressing map from a word prefix to a float, probed without creating the prefix. */
    private static final class PrefixTable {
        private final String[] keys;
        private final float[] values;
        private final int mask;

        PrefixTable(Map<String, Float> map) {
            int capacity = Integer.highestOneBit(Math.max(8, map.size() * 2) - 1) << 1;
            keys = new String[capacity];
            values = new float[capacity];
            mask = capacity - 1;
            for (Map.Entry<String, Float> e : map.entrySet()) {
                int i = spread(e.getKey().hashCode()) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = e.getKey();
                values[i] = e.getValue();
            }
        }

        /** The value of {@code word.substring(0, length)}, NaN when absent. */
        float get(String word, int length) {
            int h = 0;
            for (int k = 0; k < length; k++) {
                h = 31 * h + word.charAt(k);
            }
            int i = spread(h) & mask;
            while (true) {
                String k = keys[i];
                if (k == null) {
                    return Float.NaN;
                }
                if (k.length() == length && k.hashCode() == h && word.regionMatches(0, k, 0, length)) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
        }
    }

    /** Phrases starting with this folded word (empty when none). */
    public List<Phrase> phrasesStartingWith(String norm) {
        Phrase[] p = phrases(entry(norm));
        return p.length == 0 ? List.of() : List.of(p);
    }

    /** Booster increment (positive) or dampener decrement (negative), 0 when the word is neither. */
    public float booster(String norm) {
        return booster(entry(norm));
    }

    public boolean isBooster(String norm) {
        return (flags(entry(norm), norm) & BOOSTER) != 0;
    }

    public boolean isNegator(String norm) {
        return (flags(entry(norm), norm) & NEGATOR) != 0;
    }

    public boolean isContrast(String norm) {
        return (flags(entry(norm), norm) & CONTRAST) != 0;
    }

    public boolean isIronyProne(String norm) {
        return (flags(entry(norm), norm) & IRONY) != 0;
    }

    public boolean isPostNegated(String norm) {
        return (flags(entry(norm), norm) & POST_NEGATED) != 0;
    }
}
