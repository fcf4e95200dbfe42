package io.monitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.ChannelSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.model.Severity;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every option is checked at start-up, and the error names the key a person has to fix. */
class ChannelRulesTest {
    private static MonitorSettings settings(ChannelSettings... channels) {
        return new MonitorSettings(null, List.of(new BrandSettings("acme-bahn", "Acme Bahn", "acme", List.of())),
                null, null, null, ApiSettings.defaults(), List.of(channels));
    }

    private static ChannelSettings slack(Map<String, Object> options) {
        return new ChannelSettings("cm", "slack", "CM_HOOK", Severity.WARNING, options);
    }

    private static void assertRejected(ChannelSettings c, String key, String problem) {
        MonitorSettings s = settings(new ChannelSettings("ok", "slack", "OK", null, Map.of()), c);
        assertThatThrownBy(() -> ChannelRules.parseAll(s)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith(key + ": ").hasMessageContaining(problem)
                .extracting(e -> ((SettingsException) e).key()).isEqualTo(key);
    }

    @Test
    void defaultsRepeatHourlyAlwaysOnDutyForAllBrands() {
        ChannelRules r = ChannelRules.parseAll(settings(slack(Map.of()))).get(0);
        assertThat(r.repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(r.window()).isEqualTo(TimeWindow.ALWAYS);
        assertThat(r.brands()).isEmpty();
        assertThat(r.escalation()).isFalse();
        assertThat(r.maxAttempts()).isEqualTo(8);
        assertThat(r.accepts("anything", Severity.WARNING)).isTrue();
        assertThat(r.accepts("anything", Severity.INFO)).isFalse();
    }

    @Test
    void everyOptionIsParsed() {
        Map<String, Object> o = new HashMap<>(Map.of("brands", "acme-bahn", "hours", "8:00-18:00", "days", "MON-FRI",
                "timezone", "Europe/Berlin", "repeatInterval", "30m", "escalation", "true", "escalateAfter", "45m",
                "maxAttempts", 5, "initialBackoff", "2s", "maxBackoff", "5m"));
        ChannelRules r = ChannelRules.parseAll(settings(slack(o))).get(0);
        assertThat(r.brands()).containsExactly("acme-bahn");
        assertThat(r.window().days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(r.window().contains(Instant.parse("2026-11-24T07:30:00Z"))).as("08:30 Berlin").isTrue();
        assertThat(r.window().contains(Instant.parse("2026-11-24T06:30:00Z"))).as("07:30 Berlin").isFalse();
        assertThat(r.repeatInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.escalation()).isTrue();
        assertThat(r.escalateAfter()).isEqualTo(Duration.ofMinutes(45));
        assertThat(r.maxAttempts()).isEqualTo(5);
        assertThat(r.initialBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(r.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void badOptionsNameTheirKey() {
        assertRejected(slack(Map.of("hours", "8-18")), "notifications[1].options.hours", "not HH:MM");
        assertRejected(slack(Map.of("hours", "08:00")), "notifications[1].options.hours", "not a range");
        assertRejected(slack(Map.of("days", "MON-FUN")), "notifications[1].options.days", "'FUN'");
        assertRejected(slack(Map.of("timezone", "Mars/Olympus")), "notifications[1].options.timezone",
                "not a time zone");
        assertRejected(slack(Map.of("repeatInterval", "0s")), "notifications[1].options.repeatInterval",
                "positive");
        assertRejected(slack(Map.of("repeatInterval", "soon")), "notifications[1].options.repeatInterval",
                "not a duration");
        assertRejected(slack(Map.of("escalation", "yes")), "notifications[1].options.escalation", "true or false");
        assertRejected(slack(Map.of("escalateAfter", "10m")), "notifications[1].options.escalateAfter",
                "escalation: true");
        assertRejected(slack(Map.of("brands", List.of("acme-bahn", "nobody"))), "notifications[1].options.brands",
                "unknown brand id 'nobody'");
        assertRejected(slack(Map.of("maxAttempts", 0)), "notifications[1].options.maxAttempts", "between 1 and 30");
        assertRejected(slack(Map.of("initialBackoff", "10s", "maxBackoff", "1s")),
                "notifications[1].options.maxBackoff", "initialBackoff");
        assertRejected(slack(Map.of("repeatIntervall", "1h")), "notifications[1].options.repeatIntervall",
                "not an option of a slack channel");
        assertRejected(new ChannelSettings("pd", "pagerduty", "PD", null, Map.of("url", "http://pd.example.com")),
                "notifications[1].options.url", "https");
        assertRejected(new ChannelSettings("pd", "pagerduty", null, null, Map.of()), "notifications[1].urlEnv",
                "routing key");
        assertRejected(new ChannelSettings("hook", "webhook", "HOOK", null, Map.of()),
                "notifications[1].options.secretEnv", "signing secret");
        assertRejected(new ChannelSettings("mail", "email", null, null, Map.of("host", "smtp", "from", "m@x.io")),
                "notifications[1].options.to", "required");
        assertRejected(new ChannelSettings("mail", "email", null, null, Map.of("host", "smtp", "from", "m@x.io",
                "to", "cm@x.io\r\nRCPT TO:<evil@x.io>")), "notifications[1].options.to", "not an e-mail address");
        assertRejected(new ChannelSettings("mail", "email", null, null, Map.of("host", "smtp", "from", "m@x.io",
                "to", "cm@x.io", "port", 70000)), "notifications[1].options.port", "between 1 and 65535");
    }

    @Test
    void languageAndTimeZoneChooseTheTextsAndUnknownValuesNameTheirKey() {
        Messages m = ChannelRules.parseAll(settings(slack(Map.of("language", "de", "timeZone", "Europe/Berlin"))))
                .get(0).messages();
        assertThat(m.language()).isEqualTo("de");
        assertThat(m.zone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        Messages dflt = ChannelRules.parseAll(settings(slack(Map.of()))).get(0).messages();
        assertThat(dflt.language()).isEqualTo("en");
        assertThat(dflt.zone()).isEqualTo(java.time.ZoneId.of("UTC"));
        assertThat(ChannelRules.parseAll(settings(slack(Map.of("timezone", "Europe/Vienna")))).get(0).messages()
                .zone()).as("the older spelling sets the same zone").isEqualTo(java.time.ZoneId.of("Europe/Vienna"));
        for (String type : List.of("teams", "pagerduty")) {
            assertThat(ChannelRules.parseAll(settings(new ChannelSettings("x", type, "X", null,
                    Map.of("language", "de")))).get(0).messages().language()).isEqualTo("de");
        }

        assertRejected(slack(Map.of("language", "fr")), "notifications[1].options.language",
                "'fr' is not a supported language; use en or de");
        assertRejected(slack(Map.of("language", "German")), "notifications[1].options.language", "use en or de");
        assertRejected(new ChannelSettings("mail", "email", null, null, Map.of("host", "smtp", "from", "m@x.io",
                "to", "cm@x.io", "language", "DE")), "notifications[1].options.language", "'DE'");
        assertRejected(new ChannelSettings("hook", "webhook", "HOOK", null, Map.of("secretEnv", "S",
                "language", "de")), "notifications[1].options.language", "is not an option of a webhook channel");
        assertRejected(slack(Map.of("timeZone", "Europe/Berlín")), "notifications[1].options.timeZone",
                "not a time zone");
        assertRejected(slack(Map.of("timeZone", "Europe/Berlin", "timezone", "UTC")),
                "notifications[1].options.timeZone", "conflicts with timezone 'UTC'");
    }

    @Test
    void timeWindowsRunOverMidnightAndWrapAroundTheWeek() {
        TimeWindow nights = TimeWindow.parse("18:00-08:00", "FRI-MON", "UTC", "k");
        assertThat(nights.days()).containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY,
                DayOfWeek.MONDAY);
        assertThat(nights.contains(Instant.parse("2026-11-27T23:00:00Z"))).as("Fri 23:00").isTrue();
        assertThat(nights.contains(Instant.parse("2026-11-28T07:59:00Z"))).as("Sat 07:59").isTrue();
        assertThat(nights.contains(Instant.parse("2026-11-28T08:00:00Z"))).as("Sat 08:00").isFalse();
        assertThat(nights.contains(Instant.parse("2026-11-25T23:00:00Z"))).as("Wed 23:00").isFalse();
        TimeWindow allDay = TimeWindow.parse("00:00-24:00", "SAT,SUN", null, "k");
        assertThat(allDay.contains(Instant.parse("2026-11-28T00:00:00Z"))).isTrue();
        assertThat(allDay.contains(Instant.parse("2026-11-27T23:59:59Z"))).isFalse();
        assertThat(TimeWindow.parse(null, null, null, "k")).isEqualTo(TimeWindow.ALWAYS);
        assertThat(Set.copyOf(TimeWindow.ALWAYS.days())).hasSize(7);
    }

    @Test
    void backoffDoublesUpToTheCapWithJitterBelowTheBase() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(30);
        assertThat(Backoff.delay(1, initial, max, 0.999)).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
        assertThat(Backoff.delay(1, initial, max, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(Backoff.delay(3, initial, max, 0.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.delay(6, initial, max, 0.0)).isEqualTo(Duration.ofSeconds(15));
        assertThat(Backoff.delay(50, initial, max, 0.999)).isBetween(Duration.ofSeconds(29), max);
    }
}
