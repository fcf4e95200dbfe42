package io.monitor.sentiment.lexicon;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the rules know about one language: word valences (VADER scale, -4..+4), multi-word phrases,
 * boosters and dampeners, negators, contrast words, irony-prone positives, verbs negated by a following
 * "nicht", and (German) compound prefixes. Keys are folded as {@link io.monitor.sentiment.text.SocialTokenizer#fold}.
 * Immutable after construction; lookups allocate nothing except for German compound fallbacks.
 */
public final class LanguageLexicon {

    /** A multi-word expression; its valence replaces the valences of its words. */
    public record Phrase(String[] words, float valence) {}

    private final String language;
    private final Map<String, Float> words;
    private final Map<String, List<Phrase>> phrasesByFirstWord;
    private final Map<String, Float> boosters;
    private final Set<String> negators;
    private final Set<String> contrast;
    private final Set<String> irony;
    private final Set<String> postNegated;
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
        this.words = new HashMap<>(words);
        this.phrasesByFirstWord = new HashMap<>(phrasesByFirstWord);
        this.boosters = new HashMap<>(boosters);
        this.negators = new HashSet<>(negators);
        this.contrast = new HashSet<>(contrast);
        this.irony = new HashSet<>(irony);
        this.postNegated = new HashSet<>(postNegated);
        this.compoundPrefixes = new HashMap<>(compoundPrefixes);
        this.amplifierPrefixes = new HashMap<>(amplifierPrefixes);
        this.compounds = compounds;
    }

    public String language() {
        return language;
    }

    /** Number of single-word entries (including generated inflections). */
    public int size() {
        return words.size();
    }

    /**
     * Valence of a folded word, or 0 when unknown. German: an unknown compound falls back to its head
     * ("Zugausfall" → "ausfall") or a polar prefix ("Scheißwetter" → "scheiss").
     */
    public float valence(String norm) {
        Float v = words.get(norm);
        if (v != null) {
            return v;
        }
        if (compounds && norm.length() >= 7) {
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
        return 0f;
    }

    /** All single-word entries (folded), read-only. */
    public java.util.Set<String> words() {
        return java.util.Collections.unmodifiableSet(words.keySet());
    }

    /** Whether the folded word is in the lexicon at all (valence may be 0). */
    public boolean contains(String norm) {
        return words.containsKey(norm);
    }

    private float compoundValence(String norm) {
        int n = norm.length();
        // head: the longest known suffix of at least 4 letters (German compounds are head-final)
        for (int split = 3; split <= n - 4; split++) {
            Float head = words.get(norm.substring(split));
            if (head != null && head != 0f) {
                Float amp = amplifierPrefixes.get(norm.substring(0, split));
                float h = head;
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
        List<Phrase> p = phrasesByFirstWord.get(norm);
        return p == null ? List.of() : p;
    }

    /** Booster increment (positive) or dampener decrement (negative), 0 when the word is neither. */
    public float booster(String norm) {
        Float b = boosters.get(norm);
        return b == null ? 0f : b;
    }

    public boolean isBooster(String norm) {
        return boosters.containsKey(norm);
    }

    public boolean isNegator(String norm) {
        if (negators.contains(norm)) {
            return true;
        }
        // English contractions: "isn't", "doesn't", "didn't"
        return norm.endsWith("n't") && norm.length() > 3;
    }

    public boolean isContrast(String norm) {
        return contrast.contains(norm);
    }

    public boolean isIronyProne(String norm) {
        return irony.contains(norm);
    }

    public boolean isPostNegated(String norm) {
        return postNegated.contains(norm);
    }
}
