package io.monitor.api.notify;

import io.monitor.api.incidents.Incident;
import io.monitor.core.json.Durations;
import io.monitor.core.model.Alert;
import io.monitor.core.model.AlertRules;
import io.monitor.core.model.Severity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words of a notification in one language (English or German) and one time zone, shared by the Slack, Teams,
 * PagerDuty and e-mail renderings. Pure; immutable; thread-safe (formatters are made per call).
 *
 * <p>Every rule of {@link AlertRules} is named in words, and the summary is written from the alert's numbers:
 * German always (the detectors write their summary annotation in English), English only when the detector left no
 * summary (its own sentence is kept otherwise). Numbers follow the language (1,234 / 12.5% in English,
 * 1.234 / 12,5 % in German); times are shown in the channel's time zone. The annotations read per rule:
 * <ul>
 *   <li>{@code negative_volume_spike}: {@code observed}, {@code baseline}, {@code factor}, {@code window}</li>
 *   <li>{@code negative_share_shift}: {@code share}, {@code baselineShare} (fractions 0..1), {@code volume},
 *       {@code window}</li>
 *   <li>{@code silence}: {@code observed}, {@code baseline} (expected), {@code window}</li>
 *   <li>{@code ingest_outage}: {@code connectors} (the sources that are down), {@code window}</li>
 *   <li>{@code emerging_term}: {@code term}, {@code observed}, {@code baseline}, {@code factor}, {@code window}</li>
 *   <li>{@code copy_paste_storm}: {@code observed} (posts), {@code authors} (distinct authors), {@code window}</li>
 *   <li>{@code high_reach_author}: {@code author}, {@code followers}, {@code platform}</li>
 * </ul>
 * A missing annotation leaves its part of the sentence out; without the essential one (e.g. {@code term}) the summary
 * names the rule only.
 */
public final class Messages {
    static final int MAX_SAMPLES = 3;
    public static final List<String> LANGUAGES = List.of("en", "de");
    public static final Messages ENGLISH = new Messages("en", ZoneId.of("UTC"));

    private final boolean de;
    private final Locale locale;
    private final ZoneId zone;

    private Messages(String language, ZoneId zone) {
        this.de = language.equals("de");
        this.locale = de ? Locale.GERMANY : Locale.UK;
        this.zone = zone;
    }

    /**
     * @param language {@code en} or {@code de} (see {@link #LANGUAGES})
     * @param zone     the time zone of times in the text
     */
    public static Messages of(String language, ZoneId zone) {
        if (!LANGUAGES.contains(language)) {
            throw new IllegalArgumentException("language '" + language + "' is not one of " + LANGUAGES);
        }
        return new Messages(language, zone);
    }

    public String language() {
        return de ? "de" : "en";
    }

    public ZoneId zone() {
        return zone;
    }

    /** "What happened", e.g. "New incident" or "Acknowledged by jana". */
    String headline(Delivery d) {
        Incident i = d.incident();
        String by = i.acknowledgedBy() == null ? "" : (de ? " von " : " by ") + i.acknowledgedBy();
        return switch (d.kind()) {
            case "opened" -> de ? "Neuer Vorfall" : "New incident";
            case "escalated" -> de ? "Vorfall hochgestuft auf " + severityWord(i.severity())
                    : "Incident escalated to " + i.severity().name().toLowerCase(Locale.ROOT);
            case "reopened" -> de ? "Vorfall wieder geöffnet" : "Incident reopened";
            case "snooze_expired" -> de ? "Zurückstellung abgelaufen, der Vorfall braucht Aufmerksamkeit"
                    : "Snooze ended, incident needs attention";
            case "reminder" -> de ? "Weiterhin offen, noch von niemandem bestätigt"
                    : "Still open, nobody has acknowledged it";
            case "escalation" -> de ? "Unbestätigter Vorfall an die Rufbereitschaft eskaliert"
                    : "Unacknowledged incident escalated to on-call";
            case "acknowledged" -> (de ? "Bestätigt" : "Acknowledged") + by;
            case "resolved" -> de ? "Behoben" : "Resolved";
            case "false_alarm" -> de ? "Als Fehlalarm markiert" : "Marked as a false alarm";
            default -> d.kind();
        };
    }

    /** "Acme Bahn: New incident". */
    String title(Delivery d) {
        return d.brandName() + ": " + headline(d);
    }

    /** The severity as a tag for subjects and fallback texts: CRITICAL / KRITISCH. */
    String severityTag(Severity s) {
        return de ? severityWord(s).toUpperCase(Locale.GERMANY) : s.name();
    }

    private String severityWord(Severity s) {
        if (!de) {
            return s.name();
        }
        return switch (s) {
            case CRITICAL -> "kritisch";
            case WARNING -> "Warnung";
            case INFO -> "Info";
        };
    }

    /** An incident state in words: open / offen, false alarm / Fehlalarm. */
    String state(String state) {
        return switch (state) {
            case Incident.OPEN -> de ? "offen" : "open";
            case Incident.ACKNOWLEDGED -> de ? "bestätigt" : "acknowledged";
            case Incident.SNOOZED -> de ? "zurückgestellt" : "snoozed";
            case Incident.RESOLVED -> de ? "behoben" : "resolved";
            case Incident.FALSE_ALARM -> de ? "Fehlalarm" : "false alarm";
            default -> state;
        };
    }

    /** A rule of {@link AlertRules} in words; an unknown rule id as it is. */
    String ruleName(String rule) {
        String r = rule == null ? "" : rule.replace('-', '_');
        return switch (r) {
            case AlertRules.NEGATIVE_VOLUME_SPIKE -> de ? "Anstieg negativer Erwähnungen" : "Negative volume spike";
            case AlertRules.NEGATIVE_SHARE_SHIFT -> de ? "Höherer Anteil negativer Erwähnungen" : "Negative share shift";
            case AlertRules.SILENCE -> de ? "Ungewöhnliche Stille" : "Unusual silence";
            case AlertRules.INGEST_OUTAGE -> de ? "Ausfall der Datenerfassung" : "Ingest outage";
            case AlertRules.EMERGING_TERM -> de ? "Aufkommender Begriff" : "Emerging term";
            case AlertRules.COPY_PASTE_STORM -> de ? "Copy-Paste-Welle" : "Copy-paste storm";
            case AlertRules.HIGH_REACH_AUTHOR -> de ? "Account mit großer Reichweite" : "High-reach author";
            default -> rule;
        };
    }

    /** One sentence on what the detector saw (see the class comment). */
    String summary(Delivery d) {
        Incident i = d.incident();
        if (!de && i.summary() != null && !i.summary().isBlank()) {
            return i.summary(); // the detector's own sentence, already in English
        }
        String s = composed(i, d.brandName());
        if (i.alertState() == Alert.State.RESOLVED) {
            s = (de ? "Entwarnung: " : "Resolved: ") + s;
        }
        return s;
    }

    private String composed(Incident i, String brand) {
        Map<String, String> a = i.annotations();
        String observed = count(a.get("observed"));
        String baseline = decimal(a.get("baseline"));
        String factor = decimal(a.get("factor"));
        String window = window(a.get("window"));
        String rule = i.rule() == null ? "" : i.rule().replace('-', '_');
        StringBuilder s = new StringBuilder();
        switch (rule) {
            case AlertRules.NEGATIVE_VOLUME_SPIKE -> {
                if (observed == null) {
                    break;
                }
                s.append(de ? "Negative Erwähnungen von " + brand + " stark gestiegen: "
                        : "Negative mentions of " + brand + " spiked: ").append(observed);
                s.append(window == null ? "" : (de ? " in " : " in ") + window);
                if (factor != null && baseline != null) {
                    s.append(de ? ", " + factor + "-mal so viele wie üblich (" + baseline + ")"
                            : ", " + factor + "x the usual " + baseline);
                } else if (baseline != null) {
                    s.append(de ? ", üblich sind " + baseline : ", usually " + baseline);
                }
            }
            case AlertRules.NEGATIVE_SHARE_SHIFT -> {
                String share = percent(a.get("share"));
                if (share == null) {
                    break;
                }
                String usual = percent(a.get("baselineShare"));
                String volume = count(a.get("volume"));
                s.append(de ? "Anteil negativer Erwähnungen von " + brand + " gestiegen: " + share
                        : "Share of negative mentions of " + brand + " rose: " + share);
                if (usual != null) {
                    s.append(de ? " statt üblich " + usual : " instead of the usual " + usual);
                }
                if (volume != null) {
                    s.append(" (").append(volume).append(de ? " Erwähnungen" : " mentions")
                            .append(window == null ? "" : " in " + window).append(')');
                }
            }
            case AlertRules.SILENCE -> {
                s.append(de ? "Ungewöhnlich still um " + brand : "Unusually quiet about " + brand);
                if (observed != null) {
                    s.append(": ").append(observed).append(de ? " Erwähnungen" : " mentions")
                            .append(window == null ? "" : " in " + window);
                    if (baseline != null) {
                        s.append(de ? ", erwartet wären " + baseline : ", " + baseline + " expected");
                    }
                }
            }
            case AlertRules.INGEST_OUTAGE -> {
                String connectors = text(a.get("connectors"));
                s.append(de ? "Datenerfassung für " + brand + " gestört" : "Ingest outage for " + brand);
                if (connectors != null) {
                    s.append(de ? ": keine aktuellen Daten von " + connectors : ": no fresh data from " + connectors);
                }
                s.append(de ? ". Die Ruhe ist kein echtes Signal." : ". The quiet is not a real signal.");
            }
            case AlertRules.EMERGING_TERM -> {
                String term = text(a.get("term"));
                if (term == null) {
                    break;
                }
                s.append(de ? "Der Begriff „" + term + "“ häuft sich in negativen Erwähnungen von " + brand
                        : "\"" + term + "\" is surging in negative mentions of " + brand);
                if (observed != null) {
                    s.append(": ").append(observed).append(window == null ? "" : " in " + window);
                    if (baseline != null) {
                        s.append(de ? ", üblich sind " + baseline : ", usually " + baseline);
                    }
                }
            }
            case AlertRules.COPY_PASTE_STORM -> {
                if (observed == null) {
                    break;
                }
                String authors = count(a.get("authors"));
                s.append(de ? "Copy-Paste-Welle zu " + brand + ": " + observed + " fast gleiche negative Beiträge"
                        : "Copy-paste storm about " + brand + ": " + observed + " near-identical negative posts");
                if (authors != null) {
                    s.append(de ? " von " + authors + " Accounts" : " from " + authors + " authors");
                }
                s.append(window == null ? "" : " in " + window);
            }
            case AlertRules.HIGH_REACH_AUTHOR -> {
                String author = text(a.get("author"));
                if (author == null) {
                    break;
                }
                String followers = count(a.get("followers"));
                String platform = text(a.get("platform"));
                if (de) {
                    s.append(author).append(followers == null ? "" : " mit " + followers + " Followern")
                            .append(platform == null ? "" : " auf " + platform)
                            .append(" äußert sich negativ über ").append(brand);
                } else {
                    s.append(author);
                    if (followers != null || platform != null) {
                        s.append(" (").append(followers == null ? "" : followers + " followers")
                                .append(followers != null && platform != null ? " " : "")
                                .append(platform == null ? "" : "on " + platform).append(')');
                    }
                    s.append(" posted negatively about ").append(brand);
                }
            }
            default -> {
            }
        }
        if (s.length() == 0) {
            return de ? "Regel „" + ruleName(i.rule()) + "“ hat für " + brand + " ausgelöst"
                    : "Rule \"" + ruleName(i.rule()) + "\" fired for " + brand;
        }
        return s.toString();
    }

    static String emoji(Delivery d) {
        if (!d.incident().active()) {
            return ":white_check_mark:";
        }
        return d.incident().severity() == Severity.CRITICAL ? ":red_circle:"
                : d.incident().severity() == Severity.WARNING ? ":large_orange_circle:" : ":large_blue_circle:";
    }

    /** The numbers worth a glance, in reading order: label to value. */
    Map<String, String> facts(Incident i) {
        Map<String, String> a = i.annotations();
        Map<String, String> f = new LinkedHashMap<>();
        f.put(de ? "Schweregrad" : "Severity", severityWord(i.severity()));
        f.put(de ? "Status" : "State", state(i.state()));
        String observed = count(a.get("observed"));
        String window = window(a.get("window"));
        String in = window == null ? "" : " in " + window;
        String baseline = decimal(a.get("baseline"));
        String factor = decimal(a.get("factor"));
        String usual = baseline == null ? null
                : baseline + (factor == null ? "" : " (" + factor + (de ? "-fach)" : "x)"));
        String rule = i.rule() == null ? "" : i.rule().replace('-', '_');
        switch (rule) {
            case AlertRules.NEGATIVE_SHARE_SHIFT -> {
                String share = percent(a.get("share"));
                String volume = count(a.get("volume"));
                put(f, de ? "Negativanteil" : "Negative share", share == null ? null
                        : share + (volume == null ? "" : (de ? " von " : " of ") + volume + in));
                put(f, de ? "Üblich" : "Usual", percent(a.get("baselineShare")));
            }
            case AlertRules.SILENCE -> {
                put(f, de ? "Erwähnungen" : "Mentions", observed == null ? null : observed + in);
                put(f, de ? "Erwartet" : "Expected", baseline);
            }
            case AlertRules.INGEST_OUTAGE -> {
                put(f, de ? "Ausgefallene Quellen" : "Sources down", text(a.get("connectors")));
                put(f, de ? "Erwähnungen" : "Mentions", observed == null ? null : observed + in);
            }
            case AlertRules.EMERGING_TERM -> {
                put(f, de ? "Begriff" : "Term", text(a.get("term")));
                put(f, de ? "Negative Beiträge" : "Negative posts", observed == null ? null : observed + in);
                put(f, de ? "Üblich" : "Usual", usual);
            }
            case AlertRules.COPY_PASTE_STORM -> {
                put(f, de ? "Fast gleiche Beiträge" : "Near-identical posts", observed == null ? null : observed + in);
                put(f, de ? "Verschiedene Accounts" : "Distinct authors", count(a.get("authors")));
            }
            case AlertRules.HIGH_REACH_AUTHOR -> {
                put(f, de ? "Account" : "Author", text(a.get("author")));
                put(f, de ? "Follower" : "Followers", count(a.get("followers")));
                put(f, de ? "Plattform" : "Platform", text(a.get("platform")));
            }
            default -> {
                put(f, de ? "Negative Beiträge" : "Negative posts", observed == null ? null : observed + in);
                put(f, de ? "Üblich" : "Usual", usual);
            }
        }
        f.put(de ? "Regel" : "Rule", ruleName(i.rule()));
        f.put(de ? "Beginn" : "Started", time(i.startsAt()));
        return f;
    }

    private static void put(Map<String, String> f, String label, String value) {
        if (value != null) {
            f.put(label, value);
        }
    }

    String samplesLabel() {
        return de ? "Beispielbeiträge" : "Sample posts";
    }

    String openInDashboard() {
        return de ? "Im Dashboard öffnen" : "Open in dashboard";
    }

    String incidentWord() {
        return de ? "Vorfall" : "incident";
    }

    /** A moment in the channel's zone: 2026-11-24 09:00 UTC / 24.11.2026 10:00 MEZ. */
    String time(java.time.Instant t) {
        return DateTimeFormatter.ofPattern(de ? "dd.MM.yyyy HH:mm z" : "yyyy-MM-dd HH:mm z", locale).withZone(zone)
                .format(t);
    }

    /** Up to {@link #MAX_SAMPLES} sample posts from the {@code sample1..n} annotations. */
    static List<String> samples(Incident i) {
        List<String> out = new ArrayList<>();
        for (int n = 1; out.size() < MAX_SAMPLES && n <= 20; n++) {
            String s = i.annotations().get("sample" + n);
            if (s != null && !s.isBlank()) {
                out.add(abbreviate(s, 280));
            }
        }
        return out;
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    // Annotations are written with Locale.ROOT ("6.00"); read as decimals so rounding is exact (12.45 -> 12.5).

    private static BigDecimal number(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A whole number with grouping: 1,234 / 1.234; a value that is not a number as it is. */
    String count(String raw) {
        BigDecimal n = number(raw);
        if (n == null) {
            return text(raw);
        }
        return format(n.setScale(0, RoundingMode.HALF_UP), "#,##0");
    }

    /** One decimal: 12.5 / 12,5. */
    String decimal(String raw) {
        BigDecimal n = number(raw);
        if (n == null) {
            return text(raw);
        }
        return format(n.setScale(1, RoundingMode.HALF_UP), "#,##0.0");
    }

    /** A share as a percentage: 0.125 gives 12.5% / 12,5 %. Values above 1 are taken as percentages already. */
    String percent(String raw) {
        BigDecimal n = number(raw);
        if (n == null) {
            return text(raw);
        }
        BigDecimal pct = n.compareTo(BigDecimal.ONE) <= 0 ? n.movePointRight(2) : n;
        return format(pct.setScale(1, RoundingMode.HALF_UP), "#,##0.0") + (de ? " %" : "%");
    }

    private String format(BigDecimal n, String pattern) {
        DecimalFormat f = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(locale));
        f.setRoundingMode(RoundingMode.HALF_UP);
        return f.format(n);
    }

    /** The detection window: as written in English ("5m"), in words in German ("5 Min."). */
    String window(String raw) {
        String w = text(raw);
        if (w == null || !de) {
            return w;
        }
        Duration d;
        try {
            d = Durations.parse(w);
        } catch (IllegalArgumentException e) {
            return w;
        }
        long s = d.getSeconds();
        if (s > 0 && s % 86_400 == 0) {
            return s / 86_400 + (s == 86_400 ? " Tag" : " Tage");
        }
        if (s > 0 && s % 3_600 == 0) {
            return s / 3_600 + " Std.";
        }
        if (s > 0 && s % 60 == 0) {
            return s / 60 + " Min.";
        }
        return s + " Sek.";
    }

    private static String text(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
    }
}
