package io.monitor.api.notify;

import io.monitor.core.config.SettingsException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * When a channel is on duty: days of the week and a time-of-day range in a time zone, e.g. office hours
 * {@code hours: "08:00-18:00", days: "MON-FRI", timezone: Europe/Berlin}. A range whose end is before its start runs
 * over midnight ({@code "18:00-08:00"}: nights); the day is the local day of the moment checked. Pure; immutable.
 */
public record TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    public static final TimeWindow ALWAYS = new TimeWindow(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT,
            LocalTime.MIDNIGHT, ZoneId.of("UTC"));

    public TimeWindow {
        days = Set.copyOf(days);
    }

    /** True when {@code t} falls into the window. */
    public boolean contains(Instant t) {
        ZonedDateTime local = t.atZone(zone);
        if (!days.contains(local.getDayOfWeek())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        if (from.equals(to)) {
            return true; // the whole day
        }
        if (from.isBefore(to)) {
            return !time.isBefore(from) && time.isBefore(to);
        }
        return !time.isBefore(from) || time.isBefore(to); // over midnight
    }

    /**
     * Parses the three options; each may be null (hours: all day, days: every day, timezone: UTC).
     *
     * @param key the options key for error messages, e.g. {@code notifications[2].options}
     */
    public static TimeWindow parse(Object hours, Object days, Object timezone, String key) {
        if (hours == null && days == null && timezone == null) {
            return ALWAYS;
        }
        LocalTime from = LocalTime.MIDNIGHT;
        LocalTime to = LocalTime.MIDNIGHT;
        if (hours != null) {
            String h = hours.toString().trim();
            String[] parts = h.split("-");
            if (parts.length != 2) {
                throw new SettingsException(key + ".hours", "'" + h + "' is not a range; write e.g. \"08:00-18:00\" "
                        + "(or \"18:00-08:00\" for nights)");
            }
            try {
                from = LocalTime.parse(normalize(parts[0].trim()));
                to = parts[1].trim().equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(normalize(parts[1].trim()));
            } catch (DateTimeParseException e) {
                throw new SettingsException(key + ".hours", "'" + h + "' has a time that is not HH:MM; write e.g. "
                        + "\"08:00-18:00\"");
            }
            if (from.equals(to) && !(from.equals(LocalTime.MIDNIGHT))) {
                throw new SettingsException(key + ".hours", "'" + h + "' is empty: start and end are equal; use "
                        + "\"00:00-24:00\" for the whole day");
            }
        }
        Set<DayOfWeek> daySet = days == null ? EnumSet.allOf(DayOfWeek.class) : parseDays(days.toString(), key + ".days");
        ZoneId zone;
        try {
            zone = timezone == null ? ZoneId.of("UTC") : ZoneId.of(timezone.toString().trim());
        } catch (DateTimeException e) {
            throw new SettingsException(key + ".timezone", "'" + timezone + "' is not a time zone; write e.g. "
                    + "Europe/Berlin or UTC");
        }
        return new TimeWindow(daySet, from, to, zone);
    }

    private static String normalize(String t) {
        return t.length() == 4 && t.charAt(1) == ':' ? "0" + t : t; // 8:00 -> 08:00
    }

    private static Set<DayOfWeek> parseDays(String text, String key) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            String[] range = p.split("-");
            if (range.length > 2) {
                throw new SettingsException(key, "'" + text + "' is not a list of days; write e.g. \"MON-FRI\" or "
                        + "\"SAT,SUN\"");
            }
            DayOfWeek first = day(range[0].trim(), text, key);
            DayOfWeek last = range.length == 2 ? day(range[1].trim(), text, key) : first;
            for (DayOfWeek d = first; ; d = d.plus(1)) { // wraps: FRI-MON is Friday to Monday
                out.add(d);
                if (d == last) {
                    break;
                }
            }
        }
        if (out.isEmpty()) {
            throw new SettingsException(key, "is empty; write e.g. \"MON-FRI\"");
        }
        return out;
    }

    private static DayOfWeek day(String abbrev, String text, String key) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(abbrev) && abbrev.length() >= 3) {
                return d;
            }
        }
        throw new SettingsException(key, "'" + abbrev + "' in '" + text + "' is not a day; use MON, TUE, WED, THU, "
                + "FRI, SAT, SUN");
    }
}
