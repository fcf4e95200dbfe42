package io.monitor.core.config;

import java.time.Duration;

/** Small validation helpers for settings records; each failure names the key. */
public final class Check {
    private Check() {
    }

    public static void require(boolean ok, String key, String problem) {
        if (!ok) {
            throw new SettingsException(key, problem);
        }
    }

    public static String notBlank(String value, String key) {
        require(value != null && !value.isBlank(), key, "is required and must not be blank");
        return value;
    }

    public static int range(int value, int min, int max, String key) {
        require(value >= min && value <= max, key, "must be between " + min + " and " + max + ", was " + value);
        return value;
    }

    public static double range(double value, double min, double max, String key) {
        require(value >= min && value <= max && !Double.isNaN(value), key,
                "must be between " + min + " and " + max + ", was " + value);
        return value;
    }

    public static Duration positive(Duration value, String key) {
        require(value != null && !value.isNegative() && !value.isZero(), key, "must be a positive duration such as 30s or 5m");
        return value;
    }
}
