package io.monitor.core.json;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations as people write them in config: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d}, or ISO-8601. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration; write e.g. 30s, 5m, 1h or PT5M");
        }
        String t = text.trim();
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + t + "' is not a duration; write e.g. 30s, 5m, 1h or PT5M");
        }
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0 && ms != 0) return ms / 86_400_000L + "d";
        if (ms % 3_600_000L == 0 && ms != 0) return ms / 3_600_000L + "h";
        if (ms % 60_000L == 0 && ms != 0) return ms / 60_000L + "m";
        if (ms % 1000L == 0) return ms / 1000L + "s";
        return ms + "ms";
    }
}
