package io.monitor.streams.query;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SettingsException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which brands a post is about, over all configured brand queries at once.
 *
 * <p>How it avoids evaluating every query in full: each query has a set of anchor keys (see
 * {@link BrandQuery#anchors()}) of which any matching post contains at least one. An inverted index maps each
 * key to the queries anchored on it; a post looks up only its own keys (its distinct words, 3-letter prefixes,
 * hashtags and handles), so a post that mentions none of the brands costs a few hash lookups however many
 * brands there are. Only the candidates found, plus the queries without anchors (pure negations, field-only
 * queries), are evaluated in full. Immutable and thread-safe.
 */
public final class BrandMatcher {
    private final List<String> ids;
    private final List<BrandQuery> queries;
    private final Map<String, int[]> index;
    /**
     * The index split by the kind of key, without the key's marker: words, 3-letter prefixes ({@code *pre}), hashtags
     * ({@code #tag}) and handles ({@code @handle}). A post's words are looked up as they are (no marked key strings
     * built per post), and a kind no query is anchored on is not looked up at all. Equivalent to looking up the
     * marked keys in {@link #index}: a folded word never starts with a marker.
     */
    private final Map<String, int[]> byWord = new HashMap<>();
    private final Map<String, int[]> byPrefix = new HashMap<>();
    private final Map<String, int[]> byHashtag = new HashMap<>();
    private final Map<String, int[]> byHandle = new HashMap<>();
    private final int[] unanchored;

    private BrandMatcher(List<String> ids, List<BrandQuery> queries) {
        this.ids = List.copyOf(ids);
        this.queries = List.copyOf(queries);
        Map<String, List<Integer>> idx = new HashMap<>();
        List<Integer> always = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            if (queries.get(i).anchors() == null) {
                always.add(i);
            } else {
                for (String key : queries.get(i).anchors()) {
                    idx.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                }
            }
        }
        Map<String, int[]> frozen = new HashMap<>();
        idx.forEach((k, v) -> frozen.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        this.index = frozen;
        frozen.forEach((k, v) -> {
            if (k.startsWith("*")) {
                byPrefix.put(k.substring(1), v);
            } else if (k.startsWith("#")) {
                byHashtag.put(k.substring(1), v);
            } else if (k.startsWith("@")) {
                byHandle.put(k.substring(1), v);
            } else {
                byWord.put(k, v);
            }
        });
        this.unanchored = always.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Compiles every brand's query; a broken query throws {@link SettingsException} naming
     * {@code brands[i].query}, the column and what was expected.
     */
    public static BrandMatcher compile(List<BrandSettings> brands) {
        List<String> ids = new ArrayList<>();
        List<BrandQuery> queries = new ArrayList<>();
        for (int i = 0; i < brands.size(); i++) {
            BrandSettings b = brands.get(i);
            try {
                queries.add(BrandQuery.compile(b.query()));
            } catch (QueryParseException e) {
                throw new SettingsException("brands[" + i + "].query", "brand '" + b.id() + "': " + e.getMessage());
            }
            ids.add(b.id());
        }
        return new BrandMatcher(ids, queries);
    }

    /** For tests and tools: brand id → query text, in order. */
    public static BrandMatcher of(Map<String, String> queriesById) {
        List<String> ids = new ArrayList<>();
        List<BrandQuery> queries = new ArrayList<>();
        queriesById.forEach((id, q) -> {
            ids.add(id);
            queries.add(BrandQuery.compile(q));
        });
        return new BrandMatcher(ids, queries);
    }

    /**
     * A matcher over queries compiled already (run-time brand changes reuse each brand's compiled query and only
     * rebuild the anchor index); {@code ids} and {@code queries} are parallel lists, in match order.
     */
    public static BrandMatcher ofCompiled(List<String> ids, List<BrandQuery> queries) {
        if (ids.size() != queries.size()) {
            throw new IllegalArgumentException(ids.size() + " ids but " + queries.size() + " queries");
        }
        return new BrandMatcher(ids, queries);
    }

    /** Brand ids in match order. */
    public List<String> ids() {
        return ids;
    }

    /** The compiled queries, parallel to {@link #ids()}. */
    public List<BrandQuery> queries() {
        return queries;
    }

    /** Ids of the brands whose query matches {@code d}, in configuration order. */
    public List<String> match(Document d) {
        boolean[] candidate = new boolean[queries.size()];
        int count = 0;
        for (int i : unanchored) {
            candidate[i] = true;
            count++;
        }
        if (!index.isEmpty()) {
            // Every word in text order, repeats included: marking a candidate twice is harmless, and cheaper than
            // collecting the distinct words first.
            boolean prefixes = !byPrefix.isEmpty();
            for (String w : d.words()) {
                count += mark(byWord.get(w), candidate);
                if (prefixes && w.length() >= BrandQuery.MIN_PREFIX) {
                    count += mark(byPrefix.get(w.substring(0, BrandQuery.MIN_PREFIX)), candidate);
                }
            }
            if (!byHashtag.isEmpty()) {
                for (String h : d.hashtags()) {
                    count += mark(byHashtag.get(h), candidate);
                }
            }
            if (!byHandle.isEmpty()) {
                for (String h : d.handles()) {
                    count += mark(byHandle.get(h), candidate);
                }
            }
        }
        if (count == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < candidate.length; i++) {
            if (candidate[i] && queries.get(i).matches(d)) {
                out.add(ids.get(i));
            }
        }
        return out;
    }

    /** Marks the queries {@code hits} as candidates; how many were not marked before. */
    private static int mark(int[] hits, boolean[] candidate) {
        if (hits == null) {
            return 0;
        }
        int added = 0;
        for (int i : hits) {
            if (!candidate[i]) {
                candidate[i] = true;
                added++;
            }
        }
        return added;
    }

    /** How many queries {@code d} is evaluated against in full (for tests and benchmarks). */
    public int candidates(Document d) {
        boolean[] candidate = new boolean[queries.size()];
        for (int i : unanchored) {
            candidate[i] = true;
        }
        d.forEachKey(key -> {
            int[] hits = index.get(key);
            if (hits != null) {
                for (int i : hits) {
                    candidate[i] = true;
                }
            }
        });
        int n = 0;
        for (boolean c : candidate) {
            n += c ? 1 : 0;
        }
        return n;
    }

    public int size() {
        return queries.size();
    }
}
