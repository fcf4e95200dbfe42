package io.monitor.streams.topology;

import io.monitor.streams.detect.IncidentState;
import io.monitor.streams.detect.SeasonalProfile;

/**
 * What the rules beside the plain spike rule keep per brand, inside {@link BrandState} (plain data for JSON): the
 * seasonal profile, how far back the pane counts are still complete, and the negative-share rule's pending time and
 * open incident.
 */
public final class BrandExtras {
    /** Hour-of-week profile of negatives (null until the first pane leaves a window with seasonality on). */
    public SeasonalProfile seasonal;
    /** Pane counts before this time (ms) were pruned: a baseline must not read them as zeros. */
    public long keptFrom = Long.MIN_VALUE;
    /** Since when (ms) the negative-share condition holds without an incident yet; {@code Long.MIN_VALUE}: it does not. */
    public long sharePendingSince = Long.MIN_VALUE;
    /** The open negative-share incident, or null. */
    public IncidentState shareIncident;
}
