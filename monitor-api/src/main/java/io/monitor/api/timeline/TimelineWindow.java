package io.monitor.api.timeline;

import io.monitor.api.http.ApiException;
import io.monitor.core.model.TimelineQuery;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The window sizes of {@code GET /api/v1/brands/{brand}/timeline?window=1m|5m|1h} (the sizes of
 * {@link TimelineQuery#WINDOWS}) and the longest range each may be asked for, which is also the range served when the
 * client names none: a day of 1-minute windows (what the 1-minute store keeps by default, 1,440 points), a week of
 * 5-minute windows (2,016 points), five weeks of 1-hour windows (840 points). The limits bound the size of one answer;
 * what a store has kept is up to its retention. Pure; tested in {@code TimelineWindowTest}.
 */
public enum TimelineWindow {
    ONE_MINUTE("1m", Duration.ofMinutes(1), Duration.ofDays(1), "1 day"),
    FIVE_MINUTES("5m", Duration.ofMinutes(5), Duration.ofDays(7), "7 days"),
    ONE_HOUR("1h", Duration.ofHours(1), Duration.ofDays(35), "35 days");

    /** The window when the request names none: the 1-minute timeline the endpoint always served. */
    public static final TimelineWindow DEFAULT = ONE_MINUTE;

    private final String param;
    private final Duration size;
    private final Duration maxSpan;
    private final String maxSpanText;

    TimelineWindow(String param, Duration size, Duration maxSpan, String maxSpanText) {
        this.param = param;
        this.size = size;
        this.maxSpan = maxSpan;
        this.maxSpanText = maxSpanText;
    }

    /** How the window is written in the query string and in the response ({@code 1m}, {@code 5m}, {@code 1h}). */
    public String param() {
        return param;
    }

    /** The window's length, as passed to {@link TimelineQuery#timeline(String, Duration, java.time.Instant, java.time.Instant)}. */
    public Duration size() {
        return size;
    }

    /** The longest {@code to - from} a request with this window may ask for, and the default range. */
    public Duration maxSpan() {
        return maxSpan;
    }

    /** {@link #maxSpan()} as a person reads it ("7 days"). */
    public String maxSpanText() {
        return maxSpanText;
    }

    /** "1m, 5m, 1h": the values the parameter takes. */
    public static String allowed() {
        return Arrays.stream(values()).map(TimelineWindow::param).collect(Collectors.joining(", "));
    }

    /** "1m: 1 day, 5m: 7 days, 1h: 35 days": every window's limit, for error messages. */
    public static String limits() {
        return Arrays.stream(values()).map(w -> w.param + ": " + w.maxSpanText).collect(Collectors.joining(", "));
    }

    /**
     * The window named by the {@code window} parameter; {@link #DEFAULT} when it is absent or blank.
     *
     * @throws ApiException 400 naming the parameter and the allowed values for anything else
     */
    public static TimelineWindow parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String v = value.strip();
        for (TimelineWindow w : values()) {
            if (w.param.equals(v)) {
                return w;
            }
        }
        // Not case-folded on purpose: "1M" could as well mean a month.
        throw ApiException.badParameter("window", "must be one of " + allowed() + " (1 minute, 5 minutes, 1 hour); got '"
                + abbreviate(value) + "'").with("allowed", Arrays.stream(values()).map(TimelineWindow::param).toList());
    }

    @Override
    public String toString() {
        return param;
    }

    static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
    }
}
