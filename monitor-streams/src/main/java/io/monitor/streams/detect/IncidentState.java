package io.monitor.streams.detect;

import io.monitor.core.model.Alert;

/**
 * The open incident of one brand and rule, kept between evaluations (plain data for JSON).
 *
 * @param alert     the alert as last published
 * @param lastTrue  event time (ms) the condition last held
 * @param lastEmit  event time (ms) the alert was last published
 * @param peak      highest observed count during the incident
 */
public record IncidentState(Alert alert, long lastTrue, long lastEmit, long peak) {
}
