package io.monitor.api.incidents;

import io.monitor.core.model.Alert;
import io.monitor.core.model.IncidentEvent;
import java.util.List;

/** One incident with the alert as the detector last published it and every lifecycle event, oldest first. */
public record IncidentDetail(Incident incident, Alert alert, List<IncidentEvent> timeline) {
}
