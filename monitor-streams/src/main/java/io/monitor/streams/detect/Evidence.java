package io.monitor.streams.detect;

import java.util.List;

/**
 * What the window's negative mentions looked like: a few sample posts ("text — url"), the top terms, the top
 * hashtags and the authors with the largest reach ("@platform:handle (12,345 followers)").
 */
public record Evidence(List<String> samples, List<String> topTerms, List<String> topHashtags, List<String> topAuthors) {
    public static final Evidence NONE = new Evidence(List.of(), List.of());

    public Evidence {
        samples = samples == null ? List.of() : List.copyOf(samples);
        topTerms = topTerms == null ? List.of() : List.copyOf(topTerms);
        topHashtags = topHashtags == null ? List.of() : List.copyOf(topHashtags);
        topAuthors = topAuthors == null ? List.of() : List.copyOf(topAuthors);
    }

    public Evidence(List<String> samples, List<String> topTerms) {
        this(samples, topTerms, null, null);
    }
}
