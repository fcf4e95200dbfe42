package io.monitor.streams.topology;

import io.monitor.streams.detect.IncidentState;
import io.monitor.streams.detect.WindowHistory;

/** What the spike detector keeps per brand in its state store (plain data for JSON). */
public final class BrandState {
    public WindowHistory history = new WindowHistory();
    public IncidentState incident;
}
