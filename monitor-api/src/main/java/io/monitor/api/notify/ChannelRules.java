package io.monitor.api.notify;

import io.monitor.core.config.ChannelSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.json.Durations;
import io.monitor.core.model.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routing and delivery rules of one channel, parsed and validated from {@link ChannelSettings#options()} at
 * start-up: every problem is a {@link SettingsException} naming the key ({@code notifications[2].options.hours: ...}).
 * Pure; immutable. See the module README for the option reference.
 *
 * @param brands         brand ids this channel hears about; empty = all
 * @param window         when the channel is on duty (news outside it is not sent; follow-ups still are)
 * @param repeatInterval how often an open (unacknowledged) incident is repeated; never zero
 * @param escalation     true: the channel hears only about incidents still unacknowledged after {@code escalateAfter}
 * @param options        the raw options, for the channel type's own keys (url, host, from, ...)
 */
public record ChannelRules(String id, String type, String urlEnv, Severity minSeverity, Set<String> brands,
                           TimeWindow window, Duration repeatInterval, boolean escalation, Duration escalateAfter,
                           int maxAttempts, Duration initialBackoff, Duration maxBackoff, Map<String, Object> options) {

    public static final Duration DEFAULT_REPEAT = Duration.ofHours(1);
    public static final Duration DEFAULT_ESCALATE_AFTER = Duration.ofMinutes(30);
    static final Set<String> COMMON = Set.of("brands", "hours", "days", "timezone", "timeZone", "repeatInterval",
            "escalation", "escalateAfter", "maxAttempts", "initialBackoff", "maxBackoff");
    static final Map<String, Set<String>> TYPE_OPTIONS = Map.of(
            "webhook", Set.of("secretEnv"),
            "slack", Set.of("language"),
            "teams", Set.of("language"),
            "pagerduty", Set.of("url", "language"),
            "email", Set.of("host", "port", "from", "to", "starttls", "subjectPrefix", "language"));

    public ChannelRules {
        brands = Set.copyOf(brands);
        options = Map.copyOf(options);
    }

    /** Whether this channel takes incidents of {@code brand} at {@code severity}. */
    public boolean accepts(String brand, Severity severity) {
        return severity.atLeast(minSeverity) && (brands.isEmpty() || brands.contains(brand));
    }

    /** The language ({@code options.language}, en or de) and time zone of this channel's texts. */
    public Messages messages() {
        return Messages.of(language(options, "options"), window.zone());
    }

    private static String language(Map<String, Object> o, String ok) {
        Object v = o.get("language");
        if (v == null) {
            return "en";
        }
        String lang = v.toString().trim();
        if (!Messages.LANGUAGES.contains(lang)) {
            throw new SettingsException(ok + ".language", "'" + v + "' is not a supported language; use "
                    + String.join(" or ", Messages.LANGUAGES) + " (default en)");
        }
        return lang;
    }

    /** Rules of every channel in {@code settings.notifications()}, in order. */
    public static List<ChannelRules> parseAll(MonitorSettings settings) {
        Set<String> knownBrands = new TreeSet<>();
        settings.brands().forEach(b -> knownBrands.add(b.id()));
        List<ChannelRules> out = new ArrayList<>();
        for (int i = 0; i < settings.notifications().size(); i++) {
            out.add(parse(settings.notifications().get(i), "notifications[" + i + "]", knownBrands));
        }
        return out;
    }

    /**
     * @param key         e.g. {@code notifications[2]}
     * @param knownBrands configured brand ids; when not empty, {@code brands} must name only these
     */
    public static ChannelRules parse(ChannelSettings c, String key, Set<String> knownBrands) {
        Map<String, Object> o = c.options();
        String ok = key + ".options";
        Set<String> allowed = new TreeSet<>(COMMON);
        allowed.addAll(TYPE_OPTIONS.getOrDefault(c.type(), Set.of()));
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw new SettingsException(ok + "." + k, "is not an option of a " + c.type() + " channel; known: "
                        + String.join(", ", allowed));
            }
        }
        Set<String> brands = new LinkedHashSet<>(list(o.get("brands")));
        if (!knownBrands.isEmpty()) {
            for (String b : brands) {
                if (!knownBrands.contains(b)) {
                    throw new SettingsException(ok + ".brands", "unknown brand id '" + b + "'; configured: "
                            + String.join(", ", knownBrands));
                }
            }
        }
        Object zone = o.get("timezone");
        if (o.containsKey("timeZone")) {
            // Both spellings are accepted (timeZone as in the API issue, timezone as documented first); one zone.
            if (zone != null && !zone.toString().trim().equals(String.valueOf(o.get("timeZone")).trim())) {
                throw new SettingsException(ok + ".timeZone", "conflicts with timezone '" + zone + "'; set one of them");
            }
            zone = o.get("timeZone");
        }
        TimeWindow window;
        try {
            window = TimeWindow.parse(o.get("hours"), o.get("days"), zone, ok);
        } catch (SettingsException e) {
            if (zone != null && o.containsKey("timeZone") && !o.containsKey("timezone")
                    && e.key().equals(ok + ".timezone")) {
                throw new SettingsException(ok + ".timeZone", "'" + zone + "' is not a time zone; write e.g. "
                        + "Europe/Berlin or UTC");
            }
            throw e;
        }
        language(o, ok);
        Duration repeat = duration(o, "repeatInterval", DEFAULT_REPEAT, ok);
        boolean escalation = bool(o, "escalation", false, ok);
        if (!escalation && o.containsKey("escalateAfter")) {
            throw new SettingsException(ok + ".escalateAfter", "only applies to channels with escalation: true");
        }
        Duration escalateAfter = duration(o, "escalateAfter", DEFAULT_ESCALATE_AFTER, ok);
        int maxAttempts = integer(o, "maxAttempts", 8, 1, 30, ok);
        Duration initial = duration(o, "initialBackoff", Duration.ofSeconds(1), ok);
        Duration max = duration(o, "maxBackoff", Duration.ofMinutes(1), ok);
        if (max.compareTo(initial) < 0) {
            throw new SettingsException(ok + ".maxBackoff", "must not be shorter than initialBackoff ("
                    + Durations.format(initial) + ")");
        }
        switch (c.type()) {
            case "webhook" -> require(o, "secretEnv", ok, "must name the environment variable holding the signing "
                    + "secret");
            case "email" -> {
                require(o, "host", ok, "is the SMTP server's host name");
                require(o, "from", ok, "is the sender address, e.g. monitor@example.com");
                List<String> to = list(o.get("to"));
                if (to.isEmpty()) {
                    throw new SettingsException(ok + ".to", "is required: one or more recipient addresses");
                }
                for (String addr : to) {
                    checkAddress(addr, ok + ".to");
                }
                checkAddress(o.get("from").toString(), ok + ".from");
                integer(o, "port", 25, 1, 65535, ok);
                bool(o, "starttls", false, ok);
            }
            case "pagerduty" -> {
                if (o.containsKey("url")) {
                    try {
                        WebhookUrls.validate(o.get("url").toString());
                    } catch (IllegalArgumentException e) {
                        throw new SettingsException(ok + ".url", e.getMessage());
                    }
                }
            }
            default -> {
            }
        }
        if (!c.type().equals("email") && (c.urlEnv() == null || c.urlEnv().isBlank())) {
            throw new SettingsException(key + ".urlEnv", "is required: the environment variable holding the "
                    + (c.type().equals("pagerduty") ? "routing key" : "webhook URL"));
        }
        return new ChannelRules(c.id(), c.type(), c.urlEnv(), c.minSeverity(), brands, window, repeat, escalation,
                escalateAfter, maxAttempts, initial, max, o);
    }

    private static void checkAddress(String addr, String key) {
        // Also keeps CR/LF out of the SMTP dialogue.
        if (!addr.matches("[^\\s@<>,]+@[^\\s@<>,]+")) {
            throw new SettingsException(key, "'" + addr + "' is not an e-mail address such as cm@example.com");
        }
    }

    private static void require(Map<String, Object> o, String name, String ok, String what) {
        Object v = o.get(name);
        if (v == null || v.toString().isBlank()) {
            throw new SettingsException(ok + "." + name, "is required: " + what);
        }
    }

    static List<String> list(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            c.forEach(x -> out.add(String.valueOf(x).trim()));
        } else if (v != null) {
            for (String s : v.toString().split(",")) {
                out.add(s.trim());
            }
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    private static Duration duration(Map<String, Object> o, String name, Duration dflt, String ok) {
        Object v = o.get(name);
        if (v == null) {
            return dflt;
        }
        Duration d;
        try {
            d = Durations.parse(v.toString());
        } catch (IllegalArgumentException e) {
            throw new SettingsException(ok + "." + name, e.getMessage());
        }
        if (d.isZero() || d.isNegative()) {
            throw new SettingsException(ok + "." + name, "must be a positive duration such as 30s, 5m or 1h, was '"
                    + v + "'");
        }
        return d;
    }

    private static boolean bool(Map<String, Object> o, String name, boolean dflt, String ok) {
        Object v = o.get(name);
        if (v == null) {
            return dflt;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new SettingsException(ok + "." + name, "must be true or false, was '" + v + "'");
    }

    static int integer(Map<String, Object> o, String name, int dflt, int min, int max, String ok) {
        Object v = o.get(name);
        if (v == null) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new SettingsException(ok + "." + name, "must be a whole number, was '" + v + "'");
        }
        if (n < min || n > max) {
            throw new SettingsException(ok + "." + name, "must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }
}
