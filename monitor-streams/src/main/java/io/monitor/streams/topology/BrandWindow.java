package io.monitor.streams.topology;

import io.monitor.core.model.Mention;
import io.monitor.streams.detect.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Aggregate of one brand in one detection window: counts, sentiment sum, reach, engagement, and cheap evidence
 * for explanations (the three highest-reach negative posts and distinct authors, how many negative posts carried each
 * term and hashtag, bounded to {@value #MAX_TERMS} entries). Plain mutable data (stored by
 * {@link BrandWindowCodec}, binary, which also reads the JSON of {@link Topologies#WINDOW_SERDE}); the aggregator
 * mutates and returns it.
 */
public final class BrandWindow {
    static final int MAX_TERMS = 100;
    static final int MAX_SAMPLES = 3;
    static final int SAMPLE_CHARS = 200;
    public long volume;
    public long negative;
    public long neutral;
    public long positive;
    public double sentimentSum;
    public long reach;
    public long engagement;
    public List<Sample> samples = new ArrayList<>();
    public Map<String, Long> terms = new HashMap<>();
    /** The highest-reach distinct authors of negative posts (at most {@value #MAX_SAMPLES}), highest first. */
    public List<AuthorReach> authors = new ArrayList<>();

    /** A negative post kept as an example. */
    public record Sample(String text, String url, long followers) {
        @Override
        public String toString() {
            return text + (url == null ? "" : " — " + url);
        }
    }

    /** An author of a negative post and their followers ({@code platform:handle}). */
    public record AuthorReach(String author, long followers) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "@%s (%,d followers)", author, followers);
        }
    }

    public BrandWindow add(Mention m) {
        return add(BrandMention.of(m));
    }

    public BrandWindow add(BrandMention m) {
        volume++;
        switch (m.label()) {
            case NEGATIVE -> negative++;
            case POSITIVE -> positive++;
            default -> neutral++;
        }
        sentimentSum += m.score();
        reach += m.followers();
        engagement += m.engagement();
        if (m.negative() && m.text() != null) {
            addSample(m.text(), m.url(), m.followers());
            addTerms(m.terms());
            if (m.author() != null) {
                addAuthor(new AuthorReach(m.platform() == null ? m.author() : m.platform() + ":" + m.author(), m.followers()));
            }
        }
        return this;
    }

    /** Adds another aggregate (an adjacent pane) into this one: counts add up, samples and terms stay bounded. */
    public BrandWindow merge(BrandWindow o) {
        volume += o.volume;
        negative += o.negative;
        neutral += o.neutral;
        positive += o.positive;
        sentimentSum += o.sentimentSum;
        reach += o.reach;
        engagement += o.engagement;
        for (Sample x : o.samples) {
            samples.add(x);
        }
        samples.sort(Comparator.comparingLong(Sample::followers).reversed());
        while (samples.size() > MAX_SAMPLES) {
            samples.remove(samples.size() - 1);
        }
        o.terms.forEach((t, c) -> terms.merge(t, c, Long::sum));
        boundTerms();
        if (o.authors != null) {
            o.authors.forEach(this::addAuthor);
        }
        return this;
    }

    private void addAuthor(AuthorReach a) {
        if (authors == null) {
            authors = new ArrayList<>();
        }
        for (int i = 0; i < authors.size(); i++) {
            if (authors.get(i).author().equals(a.author())) {
                if (authors.get(i).followers() >= a.followers()) {
                    return;
                }
                authors.remove(i);
                break;
            }
        }
        authors.add(a);
        authors.sort(Comparator.comparingLong(AuthorReach::followers).reversed());
        while (authors.size() > MAX_SAMPLES) {
            authors.remove(authors.size() - 1);
        }
    }

    /** The {@code n} most frequent hashtags of negative posts seen at least twice, most frequent first. */
    public List<String> topHashtags(int n) {
        return terms.entrySet().stream()
                .filter(e -> e.getKey().startsWith("#") && e.getValue() >= 2)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(e -> e.getKey() + " (" + e.getValue() + ")")
                .toList();
    }

    private void addSample(String fullText, String url, long followers) {
        String text = fullText.length() > SAMPLE_CHARS ? fullText.substring(0, SAMPLE_CHARS) + "…" : fullText;
        samples.add(new Sample(text.replace('\n', ' '), url, followers));
        if (samples.size() > MAX_SAMPLES) {
            samples.sort(Comparator.comparingLong(Sample::followers).reversed());
            samples.remove(samples.size() - 1);
        }
    }

    /**
     * Counts the post's distinct terms and hashtags as {@link BrandMention#terms()} gives them: the extraction of
     * the crisis rules and the timeline ({@code io.monitor.streams.detect.Terms}), so the alert's top terms and the
     * timeline's agree (each counts the posts carrying a term).
     */
    private void addTerms(List<String> postTerms) {
        for (String t : postTerms) {
            terms.merge(t, 1L, Long::sum);
        }
        boundTerms();
    }

    private void boundTerms() {
        if (terms.size() > MAX_TERMS) {
            // Space-saving style bound: forget the rarest terms; a real burst term has a high count and survives.
            long least = Long.MAX_VALUE; // a loop, not a stream: this runs with most negative mentions of a busy pane
            for (long c : terms.values()) {
                least = Math.min(least, c);
            }
            long min = least;
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
        return new Evidence(samples.stream().map(Sample::toString).toList(), topTerms(5), topHashtags(3),
                authors == null ? List.of() : authors.stream().map(AuthorReach::toString).toList());
    }
}
