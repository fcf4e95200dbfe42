package io.monitor.streams.topology;

import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;

/** Counts of one brand in one 1-minute timeline window (plain data for JSON). */
public final class TimelineCounts {
    public long volume;
    public long negative;
    public long neutral;
    public long positive;
    public double sentimentSum;

    public TimelineCounts add(BrandMention m) {
        volume++;
        switch (m.label()) {
            case NEGATIVE -> negative++;
            case POSITIVE -> positive++;
            default -> neutral++;
        }
        sentimentSum += m.score();
        return this;
    }

    public TimelineCounts add(Mention m) {
        volume++;
        Sentiment s = m.sentiment();
        Sentiment.Label label = s == null ? Sentiment.Label.NEUTRAL : s.label();
        switch (label) {
            case NEGATIVE -> negative++;
            case POSITIVE -> positive++;
            default -> neutral++;
        }
        sentimentSum += s == null ? 0 : s.score();
        return this;
    }

    public double meanSentiment() {
        return volume == 0 ? 0 : sentimentSum / volume;
    }
}
