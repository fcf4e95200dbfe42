package io.monitor.api.mentions;

import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recent enriched mentions of each configured brand, in memory, newest first: one bounded ring per brand.
 *
 * <p>Entries are ordered by the post's {@code createdAt} (capped at {@code ingestedAt}, so a post from a platform
 * whose clock runs ahead cannot sit at the top for ever), ties broken by arrival; when a brand's ring is full the
 * oldest post is dropped. Mentions of brands that are not configured are ignored, so the number of rings is bounded
 * by the configuration. The same post ({@link Mention#key()}) added twice replaces its earlier copy (re-reading
 * Kafka after a consumer restart adds no duplicates).
 *
 * <p>Memory: at most {@code capacity} mentions per configured brand, and each stored text is cut to
 * {@link #MAX_TEXT} characters, so one ring holds at most about {@code capacity × 5 KB} (1,000 mentions ≈ 5 MB).
 *
 * <p>Queries ({@link #page}) filter by sentiment, language and platform and page with an opaque cursor
 * ({@link MentionCursor}): a page continues strictly after (older than) the last entry of the previous page, so new
 * arrivals never shift or repeat entries across pages. Thread-safe: each ring is guarded by its own lock.
 */
public final class MentionStore {
    /** Characters of text kept per mention; longer texts end in "…". Posts on the watched platforms are far shorter. */
    public static final int MAX_TEXT = 2000;
    public static final int DEFAULT_CAPACITY = 1000;

    private final int capacity;
    // Concurrent: brands created at run time get a ring while the feed thread adds to the others.
    private final Map<String, Ring> rings = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong arrivals = new AtomicLong();

    public MentionStore(Collection<String> brandIds, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        for (String b : brandIds) {
            rings.put(b, new Ring());
        }
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Starts keeping mentions of {@code brand} (a brand created through the API after start); a no-op for a brand
     * already kept. Only for brand ids the catalog accepted, so the number of rings stays bounded by the brands.
     */
    public void track(String brand) {
        rings.computeIfAbsent(brand, b -> new Ring());
    }

    public boolean knows(String brand) {
        return rings.containsKey(brand);
    }

    /**
     * Adds one mention of {@code brand}; false (and nothing stored) when the brand is not configured.
     */
    public boolean add(String brand, Mention m) {
        Ring ring = brand == null ? null : rings.get(brand);
        if (ring == null) {
            return false;
        }
        Mention kept = m.text().length() <= MAX_TEXT ? m : new Mention(m.schemaVersion(), m.platform(), m.id(), m.url(),
                m.author(), m.text().substring(0, MAX_TEXT - 1) + "…", m.language(), m.createdAt(), m.ingestedAt(),
                m.engagement(), m.replyTo(), m.quoteOf(), m.repostOf(), m.matchedBrands(), m.sentiment());
        synchronized (ring) {
            MentionCursor previous = ring.byKey.remove(kept.key());
            if (previous != null) {
                ring.entries.remove(previous);
            }
            MentionCursor position = new MentionCursor(orderTime(kept), arrivals.incrementAndGet());
            ring.entries.put(position, kept);
            ring.byKey.put(kept.key(), position);
            while (ring.entries.size() > capacity) {
                Map.Entry<MentionCursor, Mention> oldest = ring.entries.pollFirstEntry();
                ring.byKey.remove(oldest.getValue().key());
            }
        }
        return true;
    }

    static java.time.Instant orderTime(Mention m) {
        return m.ingestedAt() != null && m.createdAt().isAfter(m.ingestedAt()) ? m.ingestedAt() : m.createdAt();
    }

    /** Number of mentions held for a brand (0 for unknown brands). */
    public int size(String brand) {
        Ring ring = rings.get(brand);
        if (ring == null) {
            return 0;
        }
        synchronized (ring) {
            return ring.entries.size();
        }
    }

    /**
     * Up to {@code limit} mentions of {@code brand} matching the filter, newest first, starting strictly after
     * {@code before} (null = from the newest). Empty filter sets match everything; a sentiment filter never matches a
     * mention that has no sentiment.
     */
    public Page page(String brand, Filter filter, MentionCursor before, int limit) {
        Ring ring = rings.get(brand);
        if (ring == null) {
            throw new IllegalArgumentException("unknown brand " + brand);
        }
        List<Mention> out = new ArrayList<>();
        MentionCursor last = null;
        boolean more = false;
        synchronized (ring) {
            NavigableMap<MentionCursor, Mention> older = before == null ? ring.entries.descendingMap()
                    : ring.entries.headMap(before, false).descendingMap();
            for (Iterator<Map.Entry<MentionCursor, Mention>> it = older.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<MentionCursor, Mention> e = it.next();
                if (!filter.matches(e.getValue())) {
                    continue;
                }
                if (out.size() == limit) {
                    more = true;
                    break;
                }
                out.add(e.getValue());
                last = e.getKey();
            }
        }
        return new Page(out, more ? Optional.of(last) : Optional.empty());
    }

    /** One page of mentions; {@code next} is where the following page starts, empty when there is none. */
    public record Page(List<Mention> mentions, Optional<MentionCursor> next) {
    }

    /**
     * Which mentions a query wants. Empty sets mean "any".
     *
     * @param sentiments labels to keep
     * @param languages  ISO 639-1 codes (or "und") to keep, lower case
     * @param platforms  platform names to keep, lower case
     */
    public record Filter(Set<Sentiment.Label> sentiments, Set<String> languages, Set<String> platforms) {
        public static final Filter ANY = new Filter(Set.of(), Set.of(), Set.of());

        public Filter {
            sentiments = Set.copyOf(sentiments);
            languages = Set.copyOf(languages);
            platforms = Set.copyOf(platforms);
        }

        public boolean matches(Mention m) {
            if (!sentiments.isEmpty() && (m.sentiment() == null || !sentiments.contains(m.sentiment().label()))) {
                return false;
            }
            if (!languages.isEmpty() && (m.language() == null || !languages.contains(m.language()))) {
                return false;
            }
            return platforms.isEmpty() || platforms.contains(m.platform());
        }
    }

    private static final class Ring {
        final TreeMap<MentionCursor, Mention> entries = new TreeMap<>();
        final Map<String, MentionCursor> byKey = new LinkedHashMap<>();
    }
}
