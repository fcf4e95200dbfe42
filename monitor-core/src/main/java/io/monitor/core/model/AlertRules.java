package io.monitor.core.model;

import java.util.List;

/**
 * The values of an alert's {@code rule} label: one per detector. Shared so the API and notifications can name
 * each rule in words (German and English) without knowing the detectors.
 */
public final class AlertRules {
    /** Many more negative mentions than the (seasonal) baseline expects. */
    public static final String NEGATIVE_VOLUME_SPIKE = "negative_volume_spike";
    /** The share of negative mentions rose significantly at the observed volume. */
    public static final String NEGATIVE_SHARE_SHIFT = "negative_share_shift";
    /** A brand that is usually talked about went quiet while its connectors are healthy. */
    public static final String SILENCE = "silence";
    /** The quiet is explained by connectors that are down or stale: an ingest outage, not silence. */
    public static final String INGEST_OUTAGE = "ingest_outage";
    /** A term or hashtag bursting within a brand's negative mentions. */
    public static final String EMERGING_TERM = "emerging_term";
    /** Many near-identical negative posts from different authors. */
    public static final String COPY_PASTE_STORM = "copy_paste_storm";
    /** An author with a large audience posted negatively about the brand. */
    public static final String HIGH_REACH_AUTHOR = "high_reach_author";

    public static final List<String> ALL = List.of(NEGATIVE_VOLUME_SPIKE, NEGATIVE_SHARE_SHIFT, SILENCE, INGEST_OUTAGE,
            EMERGING_TERM, COPY_PASTE_STORM, HIGH_REACH_AUTHOR);

    private AlertRules() {
    }
}
