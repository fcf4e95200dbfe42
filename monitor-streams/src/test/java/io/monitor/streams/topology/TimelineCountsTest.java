package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.monitor.core.model.Sentiment;
import io.monitor.core.model.TimelinePoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The timeline aggregate on known mentions, and its merge (how 5-minute and 1-hour windows are built). */
class TimelineCountsTest {
    private static final Instant T = Instant.parse("2026-11-27T08:00:00Z");

    private static BrandMention mention(Sentiment.Label label, double score, long followers, long engagement,
                                        String author, List<String> terms) {
        return new BrandMention(label, score, followers, engagement, null, null, "bluesky", author, false, terms);
    }

    @Test
    void knownMentionsGiveExactCountsReachAuthorsTermsAndHashtags() {
        TimelineCounts c = new TimelineCounts();
        c.add(mention(Sentiment.Label.NEGATIVE, -0.8, 1000, 5, "anna", List.of("weiche", "#stellwerk")));
        c.add(mention(Sentiment.Label.NEGATIVE, -0.6, 1000, 1, "anna", List.of("weiche", "ausfall", "#stellwerk")));
        c.add(mention(Sentiment.Label.POSITIVE, 0.7, 20, 0, "ben", List.of("danke")));
        c.add(mention(Sentiment.Label.NEUTRAL, 0.0, 0, 2, "carl", List.of("weiche", "#nordbahn")));
        // a negative mention of the first shape: text instead of carried terms, the same extraction
        c.add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 5, 0, "Weiche kaputt #Stellwerk https://t.co/x @nordbahn",
                null, "mastodon", "dora", false));
        TimelinePoint p = c.point("nordbahn", T, T.plusSeconds(60));
        assertThat(p.volume()).isEqualTo(5);
        assertThat(p.negative()).isEqualTo(3);
        assertThat(p.positive()).isEqualTo(1);
        assertThat(p.neutral()).isEqualTo(1);
        assertThat(p.meanSentiment()).isCloseTo((-0.8 - 0.6 + 0.7 + 0 - 0.5) / 5, within(1e-12));
        assertThat(p.reach()).isEqualTo(2025);
        assertThat(p.engagement()).isEqualTo(8);
        assertThat(p.uniqueAuthors()).isEqualTo(4);
        assertThat(p.topTerms()).containsExactly(new TimelinePoint.Count("weiche", 4), new TimelinePoint.Count("ausfall", 1),
                new TimelinePoint.Count("danke", 1), new TimelinePoint.Count("kaputt", 1));
        assertThat(p.topHashtags()).containsExactly(new TimelinePoint.Count("stellwerk", 3),
                new TimelinePoint.Count("nordbahn", 1));
        assertThat(p.topAuthors()).containsExactly(new TimelinePoint.Author("anna", "bluesky", 2, 1000),
                new TimelinePoint.Author("ben", "bluesky", 1, 20), new TimelinePoint.Author("dora", "mastodon", 1, 5),
                new TimelinePoint.Author("carl", "bluesky", 1, 0));
    }

    @Test
    void theMergeOfWindowsIsTheAggregateOfAllTheirMentions() {
        Random r = new Random(11);
        List<BrandMention> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            List<String> terms = List.of("term" + r.nextInt(20), "#tag" + r.nextInt(15));
            all.add(mention(Sentiment.Label.values()[r.nextInt(3)], (r.nextInt(21) - 10) / 10.0, r.nextInt(1000),
                    r.nextInt(10), "u" + r.nextInt(25), terms));
        }
        TimelineCounts whole = new TimelineCounts();
        TimelineCounts[] parts = {new TimelineCounts(), new TimelineCounts(), new TimelineCounts()};
        for (int i = 0; i < all.size(); i++) {
            whole.add(all.get(i));
            parts[i * 3 / all.size()].add(all.get(i));
        }
        TimelineCounts merged = new TimelineCounts().merge(parts[0]).merge(parts[1]).merge(parts[2]);
        TimelinePoint a = merged.point("b", T, T.plusSeconds(300));
        TimelinePoint b = whole.point("b", T, T.plusSeconds(300));
        // sums of tenths in another order: equal up to rounding
        assertThat(a.meanSentiment()).isCloseTo(b.meanSentiment(), within(1e-12));
        assertThat(new TimelinePoint(a.brand(), a.windowStart(), a.windowEnd(), a.volume(), a.negative(), a.neutral(),
                a.positive(), b.meanSentiment(), a.uniqueAuthors(), a.reach(), a.engagement(), a.topTerms(), a.topHashtags(),
                a.topAuthors())).isEqualTo(b);
        assertThat(b.uniqueAuthors()).isEqualTo(25);
        assertThat(b.topTerms()).hasSize(TimelineCounts.TOP);
    }
}
