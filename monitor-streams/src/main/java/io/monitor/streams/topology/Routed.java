package io.monitor.streams.topology;

import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;

/** Output of the first step: an enriched mention for one brand, or a dead letter. Never leaves the task (no serde). */
public record Routed(Mention mention, DeadLetter deadLetter) {
    static Routed ok(Mention m) {
        return new Routed(m, null);
    }

    static Routed dead(DeadLetter d) {
        return new Routed(null, d);
    }

    /** What the aggregates need of the mention (computed once per brand copy, the mention is shared). */
    BrandMention projection() {
        return BrandMention.of(mention);
    }
}
