package io.monitor.streams.topology;

import io.monitor.streams.detect.IncidentState;
import io.monitor.streams.detect.WindowHistory;

/**
 * What the spike detector keeps per brand in its state store (plain data for JSON): negatives and all mentions
 * per pane (an {@code advance}-sized slice of event time; a detection window is the sum of its panes), and the
 * open incident.
 */
public final class BrandState {
    public WindowHistory history = new WindowHistory();
    public WindowHistory volumes = new WindowHistory();
    public IncidentState incident;
    /** State of the seasonal baseline and the negative-share rule (see {@link BrandExtras}). */
    public BrandExtras extras = new BrandExtras();
}
