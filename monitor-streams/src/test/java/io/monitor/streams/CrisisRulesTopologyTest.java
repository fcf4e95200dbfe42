package io.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DetectionSettings;
import io.monitor.core.config.DetectorSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.AlertRules;
import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timelines through the real topology ({@link MonitorTopology#build}) for the rules beside the spike rule: silence
 * vs ingest outage, copy-paste storms, high-reach authors, emerging terms, and ordinary traffic raising none of them.
 * {@code minute(11)} is 11 minutes after T0; the test driver's wall clock starts at T0 too. Settings are the shipped
 * defaults except a 5-minute silence window with at least 10 expected mentions (so the silence timelines are short).
 * The demo source is the one configured connector (it serves every brand); heartbeats are piped with explicit times.
 */
class CrisisRulesTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private static final String NORDBAHN = "nordbahn";
    private static final String KAFFEE = "kaffeekult";

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestInputTopic<String, byte[]> health;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Random random = new Random(7);
    private int seq;

    @BeforeEach
    void start() {
        MonitorSettings d = MonitorSettings.defaults();
        DetectorSettings detectors = new DetectorSettings(null, null,
                new DetectorSettings.Silence(true, Duration.ofMinutes(5), 10, Duration.ofMinutes(2)), null, null);
        MonitorSettings settings = new MonitorSettings(d.kafka(), List.of(
                new BrandSettings(NORDBAHN, "Nordbahn", "nordbahn OR #nordbahn", null),
                new BrandSettings(KAFFEE, "Kaffeekult", "kaffeekult OR #kaffeekult", null)),
                d.ingest(), DetectionSettings.defaults().withDetectors(detectors), d.sentiment(), d.api(), d.notifications());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "crisis-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(MonitorTopology.build(settings, TestScorers.keywords(), TestScorers.german(), registry),
                props, T0);
        raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new StringSerializer(), new ByteArraySerializer());
        health = driver.createInputTopic(Topics.CONNECTOR_HEALTH.name(), new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Topics.ALERTS.keySerde().deserializer(),
                Topics.ALERTS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    // ------------------------------------------------------------------ timeline helpers

    private static Instant minute(double m) {
        return T0.plusMillis(Math.round(m * 60_000));
    }

    private void post(Instant at, String text, String handle, long followers, String repostOf) {
        String id = "p" + (++seq);
        Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", id, "https://example.org/" + handle + "/" + id,
                new Mention.Author("id-" + handle, handle, null, followers), text, null, at, at, null, null, null, repostOf,
                null, null);
        raw.pipeInput(m.key(), Topics.MENTION_SERDE.toBytes(m), at);
    }

    private static final String[] NEGATIVE = {
        "Die Nordbahn ist kaputt, Weiche defekt",
        "Nordbahn kaputt und der Support antwortet nicht",
        "Warum ist die Nordbahn in letzter Zeit so kaputt geworden?",
        "Ärgerlich: Nordbahn schon wieder kaputt, eine Stunde Warteschleife",
    };
    private static final String[] OTHER = {
        "Mit der Nordbahn nach Kiel", "Nordbahn super pünktlich heute", "Neue Fahrpläne bei der Nordbahn",
        "Nordbahn Ticket gekauft, super einfach", "Wer fährt morgen mit der Nordbahn nach Hamburg?",
    };

    /**
     * Ordinary traffic per minute in [from, to): {@code perMinute} mentions of Nordbahn (a quarter negative, from a
     * few fixed complaint templates as real everyday complaints are), from 300 authors with up to 50k followers,
     * some replies and reposts; two mentions of Kaffeekult.
     */
    private void ordinary(int from, int to, int perMinute) {
        for (int min = from; min < to; min++) {
            if (heartbeatsOn) {
                heartbeat(minute(min), ConnectorHealth.Status.UP, null);
            }
            for (int i = 0; i < perMinute; i++) {
                Instant at = minute(min).plusMillis(i * 60_000L / perMinute + 300);
                int a = random.nextInt(300);
                long followers = Math.min(50_000, (long) (40 / Math.pow(1 - random.nextDouble(), 1 / 1.1)));
                String text = i % 4 == 0 ? NEGATIVE[random.nextInt(NEGATIVE.length)] : OTHER[random.nextInt(OTHER.length)];
                if (random.nextInt(10) == 0) {
                    text = "@user" + random.nextInt(300) + " " + text;
                }
                post(at, text, "user" + a, followers, random.nextInt(10) == 0 ? "p" + Math.max(1, seq - 5) : null);
            }
            post(minute(min).plusSeconds(20), "Kaffeekult Espresso am Morgen", "kaffee" + random.nextInt(50), 80, null);
            post(minute(min).plusSeconds(50), "Kaffeekult hat neue Bohnen", "kaffee" + random.nextInt(50), 80, null);
        }
    }

    /** Whether {@link #ordinary} sends the demo connector's heartbeat each minute, as a healthy connector does. */
    private boolean heartbeatsOn = true;

    private void heartbeat(Instant at, ConnectorHealth.Status status, String detail) {
        ConnectorHealth h = new ConnectorHealth("demo", "demo", status, at, detail, at);
        health.pipeInput("demo", Topics.HEALTH_SERDE.toBytes(h), at);
    }

    /** Heartbeats every minute in [from, to), UP. */
    private void heartbeats(int from, int to) {
        for (int min = from; min < to; min++) {
            heartbeat(minute(min), ConnectorHealth.Status.UP, null);
        }
    }

    /** Moves the driver's wall clock in detection.advance steps, so the idle punctuator runs as it would live. */
    private void idle(Duration d) {
        for (long s = 0; s < d.toSeconds(); s += 10) {
            driver.advanceWallClockTime(Duration.ofSeconds(10));
        }
    }

    private List<Alert> alertsOf(String rule) {
        return readAlerts().stream().filter(a -> a.rule().equals(rule)).toList();
    }

    private List<Alert> read;

    private List<Alert> readAlerts() {
        if (read == null) {
            read = alerts.readRecordsToList().stream().map(TestRecord::value).toList();
        }
        return read;
    }

    private List<String> rulesRaised() {
        return readAlerts().stream().map(Alert::rule).distinct().toList();
    }

    // ------------------------------------------------------------------ silence vs ingest outage

    @Test
    void aQuietBrandWithHealthyConnectorsIsSilenceAndClearsWhenMentionsComeBack() {
        ordinary(0, 30, 4);                            // t=0..30: 4 Nordbahn mentions a minute, heartbeats UP
        for (int min = 30; min < 45; min++) {          // t=30..45: Nordbahn silent, Kaffeekult and heartbeats go on
            post(minute(min).plusSeconds(20), "Kaffeekult Espresso am Morgen", "kaffee1", 80, null);
            post(minute(min).plusSeconds(50), "Kaffeekult hat neue Bohnen", "kaffee2", 80, null);
            heartbeat(minute(min), ConnectorHealth.Status.UP, null);
        }
        ordinary(45, 55, 4);                           // t=45: Nordbahn is talked about again

        List<Alert> silence = alertsOf(AlertRules.SILENCE);
        assertThat(alertsOf(AlertRules.INGEST_OUTAGE)).isEmpty();
        assertThat(silence).isNotEmpty().allSatisfy(a -> assertThat(a.brand()).isEqualTo(NORDBAHN));
        Alert firing = silence.get(0);
        assertThat(firing.state()).isEqualTo(Alert.State.FIRING);
        // 5-minute window, usually 20: 5 or fewer is significant (P(X <= 5) = 7e-5), reached about 3.7 minutes in
        assertThat(firing.startsAt()).isBetween(minute(33.5), minute(34));
        assertThat(firing.annotations().get("summary")).isEqualTo("Nordbahn went quiet: 5 mentions in 5m, usually 20");
        assertThat(firing.annotations().get("description")).contains("median of the 5 windows before",
                "The connectors are healthy (demo UP", "not an ingest outage");
        Alert last = silence.get(silence.size() - 1);
        assertThat(last.state()).isEqualTo(Alert.State.RESOLVED);
        assertThat(last.startsAt()).isEqualTo(firing.startsAt());
        assertThat(last.endsAt()).isBetween(minute(46), minute(51));
        assertThat(silence).filteredOn(a -> a.state() == Alert.State.FIRING).hasSize(1);
    }

    @Test
    void aQuietBrandWhoseConnectorIsDownIsAnIngestOutageNamingTheConnectorAndNotSilence() {
        ordinary(0, 30, 4);
        heartbeat(minute(30), ConnectorHealth.Status.DOWN, "HTTP 401 Unauthorized: check MONITOR_DEMO_TOKEN");
        idle(Duration.ofMinutes(8));                   // nothing at all arrives: only the wall clock moves

        List<Alert> outage = alertsOf(AlertRules.INGEST_OUTAGE);
        assertThat(alertsOf(AlertRules.SILENCE)).isEmpty();
        assertThat(outage).filteredOn(a -> a.brand().equals(NORDBAHN)).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(Alert.State.FIRING);
            assertThat(a.startsAt()).isBetween(minute(33.5), minute(34));
            assertThat(a.annotations().get("summary")).contains("Ingest outage", "Nordbahn", "connector demo not healthy");
            assertThat(a.annotations().get("description")).contains("demo: DOWN: HTTP 401 Unauthorized");
            assertThat(a.annotations().get("connectors")).isEqualTo("demo");
        });
        // Kaffeekult (2 a minute: 10 per window, the minimum) is quiet too, and the demo source serves every brand
        assertThat(outage).extracting(Alert::brand).containsExactlyInAnyOrder(NORDBAHN, KAFFEE);

        // the connector recovers and mentions flow again: the outage clears
        ordinary(39, 47, 4);
        read = null;
        assertThat(alertsOf(AlertRules.INGEST_OUTAGE)).filteredOn(a -> a.brand().equals(NORDBAHN))
                .extracting(Alert::state).containsExactly(Alert.State.RESOLVED);
        assertThat(alertsOf(AlertRules.SILENCE)).as("the windows that missed mentions in the outage are no silence").isEmpty();
    }

    @Test
    void aQuietBrandWhoseConnectorStoppedSendingHeartbeatsIsAnIngestOutage() {
        ordinary(0, 30, 4);                            // heartbeats until t=29, then none: stale after 2 minutes
        for (int min = 30; min < 40; min++) {          // another partition's records keep stream time moving
            post(minute(min).plusSeconds(20), "Kaffeekult Espresso am Morgen", "kaffee1", 80, null);
            post(minute(min).plusSeconds(50), "Kaffeekult hat neue Bohnen", "kaffee2", 80, null);
        }
        assertThat(alertsOf(AlertRules.SILENCE)).isEmpty();
        assertThat(alertsOf(AlertRules.INGEST_OUTAGE)).singleElement().satisfies(a -> {
            assertThat(a.brand()).isEqualTo(NORDBAHN);
            assertThat(a.annotations().get("description")).contains("demo: no heartbeat for", "stale after 2m");
        });
    }

    @Test
    void anUnreadableHeartbeatBecomesADeadLetterAndTheNextOneIsUsed() {
        heartbeatsOn = false;
        ordinary(0, 2, 4);
        health.pipeInput("demo", "{not json".getBytes(StandardCharsets.UTF_8), minute(2));
        ordinary(2, 3, 4);
        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.sourceTopic()).isEqualTo(Topics.CONNECTOR_HEALTH.name());
            assertThat(d.key()).isEqualTo("demo");
            assertThat(d.value()).isEqualTo("{not json");
            assertThat(d.reason()).startsWith("unreadable connector heartbeat: not a valid");
            assertThat(d.stage()).isEqualTo("monitor-streams/health");
        });
        // a good heartbeat replaces it, and a healthy quiet brand is silence again (not an outage)
        heartbeatsOn = true;
        ordinary(3, 30, 4);
        heartbeats(30, 40);
        for (int min = 30; min < 40; min++) {
            post(minute(min).plusSeconds(20), "Kaffeekult Espresso am Morgen", "kaffee1", 80, null);
        }
        assertThat(deadLetters.readValuesToList()).as("reported once").isEmpty();
        assertThat(rulesRaised()).contains(AlertRules.SILENCE).doesNotContain(AlertRules.INGEST_OUTAGE);
    }

    // ------------------------------------------------------------------ copy-paste storms

    @Test
    void tenCopiesOfOneComplaintByTenAuthorsIsACopyPasteStormWithTheTextAndClearsLater() {
        ordinary(0, 10, 8);
        String complaint = "Die Nordbahn hat mein Abo gekündigt ohne mich zu fragen, alles kaputt, boykottiert die Nordbahn";
        for (int i = 0; i < 10; i++) {
            // small variations, as campaigns have: a tagged person, a link
            String text = (i % 3 == 0 ? "@nordbahn_hilfe " : "") + complaint + (i % 2 == 0 ? " https://t.co/x" + i : "");
            post(minute(10).plusSeconds(3L * i), text, "angry" + i, 150 + i, null);
        }
        ordinary(10, 20, 8);

        List<Alert> storm = alertsOf(AlertRules.COPY_PASTE_STORM);
        assertThat(storm).isNotEmpty();
        Alert firing = storm.get(0);
        assertThat(firing.state()).isEqualTo(Alert.State.FIRING);
        assertThat(firing.brand()).isEqualTo(NORDBAHN);
        assertThat(firing.startsAt()).isBetween(minute(10), minute(10.7));
        assertThat(Integer.parseInt(firing.annotations().get("authors"))).isGreaterThanOrEqualTo(8);
        assertThat(firing.annotations().get("summary")).startsWith("Copy-paste storm about Nordbahn:");
        assertThat(firing.annotations().get("description")).contains("hat mein Abo gekündigt", "https://example.org/angry",
                "MinHash", "Top authors by reach: @angry");
        assertThat(storm.get(storm.size() - 1).state()).isEqualTo(Alert.State.RESOLVED);
        assertThat(storm).filteredOn(a -> a.state() == Alert.State.FIRING)
                .allSatisfy(a -> assertThat(a.startsAt()).isEqualTo(firing.startsAt()));
    }

    @Test
    void tenRepostsOrTenCopiesByOneAuthorAreNoCopyPasteStorm() {
        ordinary(0, 10, 8);
        String complaint = "Die Nordbahn hat mein Abo gekündigt ohne mich zu fragen, alles kaputt, boykottiert die Nordbahn";
        post(minute(10), complaint, "origin", 300, null);
        for (int i = 0; i < 10; i++) {
            post(minute(10).plusSeconds(2L + 3 * i), complaint, "sharer" + i, 150, "p" + seq);   // reposts
            post(minute(10).plusSeconds(3L + 3 * i), complaint + " " + i, "spammer", 150, null); // one author
        }
        ordinary(10, 14, 8);
        assertThat(alertsOf(AlertRules.COPY_PASTE_STORM)).isEmpty();
    }

    // ------------------------------------------------------------------ high-reach authors

    @Test
    void aNegativePostByAFiveHundredThousandFollowerAuthorIsOneHighReachIncidentWithinTheRepeatInterval() {
        ordinary(0, 5, 4);
        post(minute(5), "Nordbahn kaputt, 3 Stunden im Zug festgesessen. Unglaublich.", "eilmeldung_news", 500_000, null);
        ordinary(5, 9, 4);
        post(minute(9), "Nordbahn immer noch kaputt, Update folgt", "eilmeldung_news", 500_000, null);  // same incident
        post(minute(9.5), "Nordbahn super, endlich wieder pünktlich", "big_fan", 2_000_000, null);       // not negative
        ordinary(9, 30, 4);

        List<Alert> reach = alertsOf(AlertRules.HIGH_REACH_AUTHOR);
        assertThat(reach).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
        Alert firing = reach.get(0);
        assertThat(firing.startsAt()).isEqualTo(minute(5));
        assertThat(firing.labels()).containsEntry("brand", NORDBAHN).containsEntry("author", "demo:eilmeldung_news");
        assertThat(firing.annotations().get("summary"))
                .isEqualTo("@eilmeldung_news on demo (500,000 followers) posted negatively about Nordbahn");
        assertThat(firing.annotations().get("description")).contains("3 Stunden im Zug festgesessen",
                "https://example.org/eilmeldung_news/", "threshold: 100,000");
        // resolved 10 minutes (the repeat interval) after the author's last negative post at t=9
        assertThat(reach.get(1).endsAt()).isBetween(minute(19), minute(19.5));
        // the author is in the alert's labels, never in the metric's tags
        assertThat(registry.find("monitor.streams.alerts").tag("rule", AlertRules.HIGH_REACH_AUTHOR).counters())
                .allSatisfy(c -> assertThat(c.getId().getTags()).extracting(t -> t.getKey())
                        .containsExactlyInAnyOrder("brand", "rule", "state"));
    }

    // ------------------------------------------------------------------ emerging terms

    @Test
    void aHashtagBurstingInNegativeMentionsIsAnEmergingTerm() {
        ordinary(0, 10, 8);
        String[] verbs = {"Stellwerk brennt", "Züge stehen", "nichts geht mehr", "Chaos am Bahnsteig", "keine Infos",
            "Anschluss verpasst", "alles kaputt", "Durchsagen fehlen", "Ersatzverkehr fehlt", "Fahrgäste warten",
            "Ticket nutzlos", "Pendler sauer"};
        for (int i = 0; i < verbs.length; i++) {
            post(minute(10).plusSeconds(4L * i), "Nordbahn kaputt: " + verbs[i] + " #stellwerkbrand", "witness" + i,
                    100 + 10 * i, null);
        }
        ordinary(10, 16, 8);

        List<Alert> emerging = alertsOf(AlertRules.EMERGING_TERM);
        assertThat(emerging).isNotEmpty();
        Alert firing = emerging.get(0);
        assertThat(firing.state()).isEqualTo(Alert.State.FIRING);
        assertThat(firing.startsAt()).isBetween(minute(10), minute(11));
        assertThat(firing.annotations().get("summary")).startsWith("Emerging in negative mentions of Nordbahn: #stellwerkbrand");
        // kaputt and the brand's name rose with all negatives (the spike rule's business), so they do not emerge
        assertThat(firing.annotations().get("topTerms")).startsWith("#stellwerkbrand (").doesNotContain("kaputt", "nordbahn");
        assertThat(firing.annotations().get("description")).contains("#stellwerkbrand", "https://example.org/witness",
                "Top authors by reach: @witness");
        assertThat(emerging.get(emerging.size() - 1).state()).isEqualTo(Alert.State.RESOLVED);
        assertThat(alertsOf(AlertRules.COPY_PASTE_STORM)).as("different texts are not copies").isEmpty();
        // the spike rule fires on the same burst, and its evidence names the top hashtags and authors by reach
        assertThat(alertsOf(AlertRules.NEGATIVE_VOLUME_SPIKE)).first().satisfies(a -> {
            assertThat(a.annotations().get("topHashtags")).startsWith("#stellwerkbrand (");
            assertThat(a.annotations().get("topAuthors")).matches("@demo:\\w+ \\([0-9,]+ followers\\)(, .*)?");
            assertThat(a.annotations().get("description")).contains("Top authors by reach: @demo:");
        });
    }

    // ------------------------------------------------------------------ no false positives

    @Test
    void anHourOfOrdinaryTrafficWithHealthyConnectorsRaisesNoneOfTheseRules() {
        ordinary(0, 60, 12);
        assertThat(rulesRaised()).doesNotContain(AlertRules.SILENCE, AlertRules.INGEST_OUTAGE, AlertRules.EMERGING_TERM,
                AlertRules.COPY_PASTE_STORM, AlertRules.HIGH_REACH_AUTHOR);
        assertThat(deadLetters.readValuesToList()).isEmpty();
    }

    @Test
    void aBrandThatIsRarelyTalkedAboutNeverAlertsWhenItIsQuiet() {
        // Kaffeekult gets 2 mentions a minute in ordinary(): 10 per 5-minute window, at the minimum; a brand with 1
        // a minute (5 per window) is below it and its quiet means nothing.
        TreeMap<Instant, String> timeline = new TreeMap<>();
        for (int min = 0; min < 30; min++) {
            timeline.put(minute(min).plusSeconds(30), "Kaffeekult hat neue Bohnen");
        }
        timeline.forEach((at, text) -> post(at, text, "kaffee" + random.nextInt(50), 80, null));
        heartbeats(0, 60);
        for (int min = 30; min < 60; min++) {
            post(minute(min).plusSeconds(10), "Mit der Nordbahn nach Kiel", "user1", 80, null);
        }
        assertThat(rulesRaised()).doesNotContain(AlertRules.SILENCE, AlertRules.INGEST_OUTAGE);
    }
}
