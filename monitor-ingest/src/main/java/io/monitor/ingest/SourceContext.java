package io.monitor.ingest;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.json.Durations;
import io.monitor.ingest.http.HttpFetcher;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * What a connector is built from: its settings (with {@code key}, e.g. {@code ingest.sources[2]}, for error
 * messages), the brands it fetches for (the source's {@code brands}, or all when empty), a clock and an HTTP client.
 */
public record SourceContext(String key, SourceSettings source, List<BrandSettings> brands, Clock clock,
                            HttpFetcher http) {

    public SourceContext {
        brands = List.copyOf(brands);
    }

    /** The brands of {@code source}: those it names, or all of them. */
    public static List<BrandSettings> brandsOf(SourceSettings source, Collection<BrandSettings> all) {
        return source.brands().isEmpty() ? List.copyOf(all)
                : all.stream().filter(b -> source.brands().contains(b.id())).toList();
    }

    public String baseUrl(String defaultUrl) {
        String u = source.baseUrl() == null || source.baseUrl().isBlank() ? defaultUrl : source.baseUrl().trim();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    public String option(String name, String defaultValue) {
        Object v = source.options().get(name);
        return v == null ? defaultValue : String.valueOf(v);
    }

    public int intOption(String name, int defaultValue, int min, int max) {
        Object v = source.options().get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = v instanceof Number num ? num.intValue() : Integer.parseInt(String.valueOf(v).trim());
            if (n < min || n > max) {
                throw new SettingsException(key + ".options." + name, "must be between " + min + " and " + max
                        + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new SettingsException(key + ".options." + name, "must be a whole number, was '" + v + "'");
        }
    }

    public Duration durationOption(String name, Duration defaultValue) {
        Object v = source.options().get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Durations.parse(String.valueOf(v));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key + ".options." + name, "must be a duration such as 30s or 5m, was '" + v + "'");
        }
    }

    /** A list option, given as a YAML list or a comma-separated string; empty when absent. */
    public List<String> listOption(String name) {
        Object v = source.options().get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return java.util.Arrays.stream(String.valueOf(v).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
    }
}
