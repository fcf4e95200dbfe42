package io.monitor.streams.topology;

import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.streams.detect.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Aggregate of one brand in one detection window: counts, sentiment sum, reach, engagement, and cheap evidence
 * for explanations (the three highest-reach negative posts, counts of terms and hashtags in negative posts,
 * bounded to {@value #MAX_TERMS} entries). Plain mutable data for JSON; the aggregator mutates and returns it.
 */
public final class BrandWindow {
    static final int MAX_TERMS = 100;
    static final int MAX_SAMPLES = 3;
    static final int SAMPLE_CHARS = 200;
    private static final Set<String> STOP = Set.of(
            "the", "and", "for", "with", "this", "that", "have", "from", "your", "just", "what", "when", "they", "will",
            "about", "again", "there", "their", "would", "could", "been", "were", "more", "than", "them", "then", "into",
            "only", "also", "very", "still", "here", "https", "http", "über", "aber", "auch", "dass", "denn", "diese",
            "dieser", "doch", "eine", "einen", "einer", "heute", "hier", "immer", "jetzt", "kann", "mehr", "nicht",
            "noch", "oder", "schon", "sein", "sich", "sind", "und", "warum", "wieder", "wird", "wenn", "mein", "meine",
            "haben", "habe", "gibt", "weil", "nach", "einem", "ihre", "euch", "euer", "mich", "mir", "mit");

    public long volume;
    public long negative;
    public long neutral;
    public long positive;
    public double sentimentSum;
    public long reach;
    public long engagement;
    public List<Sample> samples = new ArrayList<>();
    public Map<String, Long> terms = new HashMap<>();

    /** A negative post kept as an example. */
    public record Sample(String text, String url, long followers) {
        @Override
        public String toString() {
            return text + (url == null ? "" : " — " + url);
        }
    }

    public BrandWindow add(Mention m) {
        volume++;
        Sentiment s = m.sentiment();
        Sentiment.Label label = s == null ? Sentiment.Label.NEUTRAL : s.label();
        switch (label) {
            case NEGATIVE -> negative++;
            case POSITIVE -> positive++;
            default -> neutral++;
        }
        sentimentSum += s == null ? 0 : s.score();
        reach += Math.max(0, m.author().followers());
        engagement += m.engagement().total();
        if (label == Sentiment.Label.NEGATIVE) {
            addSample(m);
            addTerms(m.text());
        }
        return this;
    }

    private void addSample(Mention m) {
        String text = m.text().length() > SAMPLE_CHARS ? m.text().substring(0, SAMPLE_CHARS) + "…" : m.text();
        samples.add(new Sample(text.replace('\n', ' '), m.url(), m.author().followers()));
        if (samples.size() > MAX_SAMPLES) {
            samples.sort(Comparator.comparingLong(Sample::followers).reversed());
            samples.remove(samples.size() - 1);
        }
    }

    private void addTerms(String text) {
        for (String raw : text.split("[^\\p{L}\\p{N}#_]+")) {
            String w = raw.toLowerCase(Locale.ROOT);
            boolean tag = w.startsWith("#") && w.length() > 2;
            if (!tag && (w.length() < 4 || STOP.contains(w) || w.indexOf('#') >= 0 || w.chars().allMatch(Character::isDigit))) {
                continue;
            }
            terms.merge(w, 1L, Long::sum);
        }
        if (terms.size() > MAX_TERMS) {
            // Space-saving style bound: forget the rarest terms; a real burst term has a high count and survives.
            long min = terms.values().stream().mapToLong(Long::longValue).min().orElse(0);
            terms.values().removeIf(c -> c <= min);
        }
    }

    /** The {@code n} most frequent terms of negative posts seen at least twice, most frequent first. */
    public List<String> topTerms(int n) {
        return terms.entrySet().stream()
                .filter(e -> e.getValue() >= 2)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList();
    }

    public Evidence evidence() {
        return new Evidence(samples.stream().map(Sample::toString).toList(), topTerms(5));
    }
}
