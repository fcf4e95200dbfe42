package io.monitor.api.timeline;

import io.monitor.api.http.ApiException;
import java.time.Duration;
import java.time.Instant;

/**
 * The windows a timeline request asks for: their size and the range {@code [from, to)} their starts fall in, with the
 * defaults filled in and the limits checked ({@code to} defaults to now, {@code from} to {@code to} minus the window's
 * {@link TimelineWindow#maxSpan()}). Pure; tested in {@code TimelineWindowTest}.
 */
public record TimelineRange(TimelineWindow window, Instant from, Instant to) {

    /**
     * @param window the parsed {@code window} parameter
     * @param from   the {@code from} parameter, null when absent
     * @param to     the {@code to} parameter, null when absent
     * @param now    the server's clock
     * @throws ApiException 400 naming {@code from} when it is not before {@code to}, or when the range is longer than
     *                      the window allows (the message says the limit of every window)
     */
    public static TimelineRange of(TimelineWindow window, Instant from, Instant to, Instant now) {
        Instant end = to != null ? to : now;
        Instant start = from != null ? from : end.minus(window.maxSpan());
        if (!start.isBefore(end)) {
            throw ApiException.badParameter("from", "must be before 'to' (" + end + "), got " + start);
        }
        if (Duration.between(start, end).compareTo(window.maxSpan()) > 0) {
            throw ApiException.badParameter("from", "may be at most " + window.maxSpanText() + " before 'to' with window="
                    + window.param() + " (limits: " + TimelineWindow.limits() + "); ask for a larger window or a "
                    + "shorter range").with("maxSpanSeconds", window.maxSpan().toSeconds()).with("window", window.param());
        }
        return new TimelineRange(window, start, end);
    }
}
