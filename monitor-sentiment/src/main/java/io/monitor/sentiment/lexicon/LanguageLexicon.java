package io.monitor.sentiment.lexicon;

import java.util.Collections;
import java.util.HashMap;
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
    private final float[] valences;
    private final float[] boosters;
    private final byte[] flags;
    private final Phrase[][] phrases;
    private final int mask;
    /** One bit per spread hash modulo its size, set for every key: turns most unknown words away in cache. */
    private final long[] filter;
    private final int filterMask;
    private final Map<String, Float> compoundPrefixes;
    private final Map<String, Float> amplifierPrefixes;
    private final boolean compounds;
    /** Results of the compound fallback; bounded, so a stream of junk words cannot grow it without limit. */
    private final java.util.concurrent.ConcurrentHashMap<String, Float> compoundCache = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int COMPOUND_CACHE_MAX = 50_000;

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
        this.compoundPrefixes = new HashMap<>(compoundPrefixes);
        this.amplifierPrefixes = new HashMap<>(amplifierPrefixes);
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
        return i;
    }

    /** The table slot of a folded word, or -1 when the lexicon does not know it. One probe sequence, no allocation. */
    public int entry(String norm) {
        int h = spread(norm.hashCode());
        int b = Integer.reverse(h) & filterMask;
        if ((filter[b >>> 6] & (1L << b)) == 0) {
            return -1;
        }
        int i = h & mask;
        while (true) {
            String k = keys[i];
            if (k == null) {
                return -1;
            }
            if (k.hashCode() == norm.hashCode() && k.equals(norm)) {
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
        return compounds && norm.length() >= 7 ? cachedCompoundValence(norm) : 0f;
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

    private float cachedCompoundValence(String norm) {
        Float cached = compoundCache.get(norm);
        if (cached != null) {
            return cached;
        }
        float c = compoundValence(norm);
        if (compoundCache.size() < COMPOUND_CACHE_MAX) {
            compoundCache.put(norm, c);
        }
        return c;
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

    private float wordValenceOrNaN(String w) {
        int e = entry(w);
        return e >= 0 && (flags[e] & WORD) != 0 ? valences[e] : Float.NaN;
    }

    private float compoundValence(String norm) {
        int n = norm.length();
        // head: the longest known suffix of at least 4 letters (German compounds are head-final)
        for (int split = 3; split <= n - 4; split++) {
            float h = wordValenceOrNaN(norm.substring(split));
            if (!Float.isNaN(h) && h != 0f) {
                Float amp = amplifierPrefixes.get(norm.substring(0, split));
                return amp == null ? h * 0.9f : h + Math.signum(h) * amp;
            }
        }
        // polar prefix with a neutral or unknown head
        for (int split = Math.min(n - 3, 8); split >= 3; split--) {
            Float prefix = compoundPrefixes.get(norm.substring(0, split));
            if (prefix != null) {
                return prefix;
            }
        }
        return 0f;
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
