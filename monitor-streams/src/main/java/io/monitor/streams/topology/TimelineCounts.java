package io.monitor.streams.topology;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.monitor.core.model.Mention;
import io.monitor.core.model.TimelinePoint;
import io.monitor.streams.sketch.DistinctCount;
import io.monitor.streams.sketch.TopK;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * What one brand's mentions in one timeline window (1 minute, 5 minutes or 1 hour) added up to: volume, labels,
 * sentiment sum, reach, engagement, and bounded, mergeable sketches of the distinct authors ({@link DistinctCount})
 * and of the heaviest terms, hashtags and authors ({@link TopK}, {@value #TERMS_CAPACITY}/{@value #HASHTAGS_CAPACITY}/
 * {@value #AUTHORS_CAPACITY} counters for {@value #TOP} served). {@link #merge} gives the aggregate of the union, which
 * is how 5-minute and 1-hour windows are built from smaller ones.
 *
 * <p>Mutable; the aggregator mutates and returns it. Stored with {@link TimelineCountsCodec} (binary); the public
 * count fields are also what the earlier JSON values held, which the codec still reads.
 */
public final class TimelineCounts {
    /** Entries served per top list. */
    public static final int TOP = 10;
    static final int TERMS_CAPACITY = 30;
    static final int HASHTAGS_CAPACITY = 30;
    static final int AUTHORS_CAPACITY = 30;

    public long volume;
    public long negative;
    public long neutral;
    public long positive;
    public double sentimentSum;
    public long reach;
    public long engagement;
    @JsonIgnore
    DistinctCount authors;
    @JsonIgnore
    TopK topTerms;
    @JsonIgnore
    TopK topHashtags;
    /** Key {@code platform:author}; weight followers + 1 per mention (reach, each mention counting at least once). */
    @JsonIgnore
    TopK topAuthors;
    /** Bytes this value was read from (0: new): the encoder's first guess of its size. */
    @JsonIgnore
    int encodedSize;

    public TimelineCounts() {
        this(new DistinctCount(), new TopK(TERMS_CAPACITY), new TopK(HASHTAGS_CAPACITY), new TopK(AUTHORS_CAPACITY));
    }

    /** With the sketches as decoded. */
    TimelineCounts(DistinctCount authors, TopK topTerms, TopK topHashtags, TopK topAuthors) {
        this.authors = authors;
        this.topTerms = topTerms;
        this.topHashtags = topHashtags;
        this.topAuthors = topAuthors;
    }

    /** The timeline stores' value serde (format 2, binary; reads the earlier JSON values too). */
    public static Serde<TimelineCounts> serde() {
        return TimelineCountsCodec.SERDE;
    }

    /** A copy that changes independently of this one (as decoding its bytes would give). */
    TimelineCounts copy() {
        TimelineCounts c = new TimelineCounts(authors.copy(), topTerms.copy(), topHashtags.copy(), topAuthors.copy());
        c.volume = volume;
        c.negative = negative;
        c.neutral = neutral;
        c.positive = positive;
        c.sentimentSum = sentimentSum;
        c.reach = reach;
        c.engagement = engagement;
        c.encodedSize = encodedSize;
        return c;
    }

    public TimelineCounts add(BrandMention m) {
        volume++;
        switch (m.label()) {
            case NEGATIVE -> negative++;
            case POSITIVE -> positive++;
            default -> neutral++;
        }
        sentimentSum += m.score();
        reach += m.followers();
        engagement += m.engagement();
        if (m.author() != null) {
            String key = (m.platform() == null ? "" : m.platform()) + ":" + m.author();
            authors.add(key);
            topAuthors.add(key, m.followers() + 1, m.followers());
        }
        List<String> terms = m.terms();
        for (int i = 0; i < terms.size(); i++) {
            String t = terms.get(i);
            if (t.charAt(0) == '#') {
                topHashtags.add(t.substring(1));
            } else {
                topTerms.add(t);
            }
        }
        return this;
    }

    public TimelineCounts add(Mention m) {
        return add(BrandMention.of(m));
    }

    /** Adds {@code o} into this one: afterwards this is the aggregate of both windows' mentions. */
    public TimelineCounts merge(TimelineCounts o) {
        volume += o.volume;
        negative += o.negative;
        neutral += o.neutral;
        positive += o.positive;
        sentimentSum += o.sentimentSum;
        reach += o.reach;
        engagement += o.engagement;
        authors.merge(o.authors);
        topTerms.merge(o.topTerms);
        topHashtags.merge(o.topHashtags);
        topAuthors.merge(o.topAuthors);
        return this;
    }

    public double meanSentiment() {
        return volume == 0 ? 0 : sentimentSum / volume;
    }

    /** Distinct authors: exact up to {@value DistinctCount#EXACT_MAX}, an estimate (±2-3 %) beyond. */
    public long uniqueAuthors() {
        return authors.estimate();
    }

    /** The point the timeline API serves for this window. */
    public TimelinePoint point(String brand, Instant start, Instant end) {
        List<TimelinePoint.Author> who = new ArrayList<>();
        for (TopK.Entry e : topAuthors.top(TOP)) {
            int colon = e.key().indexOf(':');
            String platform = colon <= 0 ? null : e.key().substring(0, colon);
            who.add(new TimelinePoint.Author(e.key().substring(colon + 1), platform, e.hits(), e.max()));
        }
        return new TimelinePoint(brand, start, end, volume, negative, neutral, positive, meanSentiment(), uniqueAuthors(),
                reach, engagement, counts(topTerms), counts(topHashtags), who);
    }

    private static List<TimelinePoint.Count> counts(TopK k) {
        List<TimelinePoint.Count> out = new ArrayList<>();
        for (TopK.Entry e : k.top(TOP)) {
            out.add(new TimelinePoint.Count(e.key(), e.count()));
        }
        return out;
    }
}
