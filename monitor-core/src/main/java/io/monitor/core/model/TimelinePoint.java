package io.monitor.core.model;

import java.time.Instant;
import java.util.List;

/**
 * What one brand's mentions in one window looked like, as the dashboard plots and lists it.
 *
 * @param brand         brand id
 * @param windowStart   inclusive start
 * @param windowEnd     exclusive end (the window's size is one of {@link TimelineQuery#WINDOWS})
 * @param volume        mentions in the window
 * @param negative      mentions labelled negative
 * @param neutral       mentions labelled neutral
 * @param positive      mentions labelled positive
 * @param meanSentiment mean score in [-1, 1], 0 when the window is empty
 * @param uniqueAuthors distinct authors (an estimate for large windows: within a few per cent), 0 when unknown
 * @param reach         sum of the authors' follower counts over the window's mentions
 * @param engagement    sum of the mentions' likes, reposts, replies and quotes
 * @param topTerms      most frequent content terms (folded, stop words left out), most frequent first
 * @param topHashtags   most frequent hashtags (without '#', folded), most frequent first
 * @param topAuthors    authors with the largest reach in the window, largest first
 */
public record TimelinePoint(String brand, Instant windowStart, Instant windowEnd, long volume, long negative,
                            long neutral, long positive, double meanSentiment, long uniqueAuthors, long reach,
                            long engagement, List<Count> topTerms, List<Count> topHashtags, List<Author> topAuthors) {

    /** A term or hashtag and how many mentions of the window carried it. */
    public record Count(String value, long count) {
    }

    /**
     * An author of the window: handle (else id), platform, mentions in the window and their follower count (the
     * largest seen in the window).
     */
    public record Author(String author, String platform, long mentions, long followers) {
    }

    public TimelinePoint {
        topTerms = topTerms == null ? List.of() : List.copyOf(topTerms);
        topHashtags = topHashtags == null ? List.of() : List.copyOf(topHashtags);
        topAuthors = topAuthors == null ? List.of() : List.copyOf(topAuthors);
    }

    /** A point with volume and sentiment only (no author, reach or term figures). */
    public TimelinePoint(String brand, Instant windowStart, Instant windowEnd, long volume, long negative,
                         long neutral, long positive, double meanSentiment) {
        this(brand, windowStart, windowEnd, volume, negative, neutral, positive, meanSentiment, 0, 0, 0, List.of(),
                List.of(), List.of());
    }
}
