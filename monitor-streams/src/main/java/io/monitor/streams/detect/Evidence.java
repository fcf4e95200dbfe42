package io.monitor.streams.detect;

import java.util.List;

/** What the window's negative mentions looked like: a few sample posts ("text — url") and the top terms. */
public record Evidence(List<String> samples, List<String> topTerms) {
    public static final Evidence NONE = new Evidence(List.of(), List.of());

    public Evidence {
        samples = samples == null ? List.of() : List.copyOf(samples);
        topTerms = topTerms == null ? List.of() : List.copyOf(topTerms);
    }
}
