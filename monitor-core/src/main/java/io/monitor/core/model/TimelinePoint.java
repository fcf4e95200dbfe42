package io.monitor.core.model;

import java.time.Instant;

/**
 * Volume and sentiment of one brand in one window, as the dashboard plots it.
 *
 * @param brand         brand id
 * @param windowStart   inclusive start
 * @param windowEnd     exclusive end
 * @param volume        mentions in the window
 * @param negative      mentions labelled negative
 * @param neutral       mentions labelled neutral
 * @param positive      mentions labelled positive
 * @param meanSentiment mean score in [-1, 1], 0 when the window is empty
 */
public record TimelinePoint(String brand, Instant windowStart, Instant windowEnd, long volume, long negative,
                            long neutral, long positive, double meanSentiment) {
}
