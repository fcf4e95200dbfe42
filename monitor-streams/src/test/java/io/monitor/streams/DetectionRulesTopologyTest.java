package io.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DetectorSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.AlertRules;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.core.model.PlannedEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules beside the plain spike rule, through the real topology ({@link MonitorTopology#build}) with explicit
 * timestamps: the seasonal baseline, the negative-share shift, and planned events (MUTE, RAISE, out of baselines,
 * broken records to the dead-letter topic). Timelines: {@code minute(11)} is 11 minutes after T0 (a Monday, 00:00
 * UTC); detection settings are the shipped defaults (1-minute windows every 10 s, 30 baseline windows, at least 8
 * negatives and 3x, 5 minutes warm-up, resolve after 3 quiet minutes; seasonal after 3 days; share: 20 mentions,
 * +20 points, alpha 1e-4).
 */
class DetectionRulesTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final String NORDBAHN = "nordbahn";
    private static final double DAY = 24 * 60;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestInputTopic<String, byte[]> planned;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private int seq;

    private void start(DetectorSettings detectors) {
        MonitorSettings s = MonitorSettings.defaults();
        s = new MonitorSettings(s.kafka(), List.of(
                new BrandSettings(NORDBAHN, "Nordbahn", "nordbahn OR #nordbahn", null),
                new BrandSettings("kaffeekult", "Kaffeekult", "kaffeekult", null)),
                s.ingest(), s.detection().withDetectors(detectors), s.sentiment(), s.api(), s.notifications());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rules-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(MonitorTopology.build(s, TestScorers.keywords(), TestScorers.german(), registry), props, T0);
        raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new StringSerializer(), new ByteArraySerializer());
        planned = driver.createInputTopic(Topics.PLANNED_EVENTS.name(), new StringSerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(Topics.ALERTS.name(), Topics.ALERTS.keySerde().deserializer(),
                Topics.ALERTS.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Topics.DEAD_LETTERS.keySerde().deserializer(),
                Topics.DEAD_LETTERS.valueSerde().deserializer());
    }

    private void start() {
        start(DetectorSettings.defaults());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    // ------------------------------------------------------------------ timeline helpers

    private static Instant minute(double m) {
        return T0.plusMillis(Math.round(m * 60_000));
    }

    private void post(Instant at, String text) {
        String id = "p" + (++seq);
        Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", id, "https://example.org/" + id,
                new Mention.Author("a" + seq % 50, "user" + seq % 50, null, 100 + seq % 7), text, null, at, at, null, null,
                null, null, null, null);
        raw.pipeInput(m.key(), Topics.MENTION_SERDE.toBytes(m), at);
    }

    /** Per minute in [from, to): {@code negatives} negative and {@code neutrals} neutral posts, spread over the minute. */
    private void steady(double from, double to, int negatives, int neutrals) {
        for (double min = from; min < to; min++) {
            int n = negatives + neutrals;
            for (int i = 0; i < n; i++) {
                // interleaved, so a share is the same in every part of the minute
                boolean negative = (long) (i + 1) * negatives / n > (long) i * negatives / n;
                post(minute(min).plusMillis(i * 60_000L / n + 500), negative ? "Nordbahn kaputt, Weiche defekt"
                        : "Mit der Nordbahn nach Kiel");
            }
        }
    }

    /** One negative every 5 minutes in [from, to): keeps a brand's history going at little cost. */
    private void sparse(double from, double to) {
        for (double min = from; min < to; min += 5) {
            post(minute(min).plusMillis(500), "Nordbahn kaputt, Weiche defekt");
        }
    }

    private void burst(double atMinute, int negatives, Duration over) {
        for (int i = 0; i < negatives; i++) {
            post(minute(atMinute).plusMillis(over.toMillis() * i / negatives), "Nordbahn schon wieder kaputt #stellwerk Ausfall");
        }
    }

    private void declare(String id, double fromMinute, double toMinute, PlannedEvent.Mode mode, double factor) {
        PlannedEvent e = new PlannedEvent(PlannedEvent.SCHEMA_VERSION, id, NORDBAHN, "Launch " + id, minute(fromMinute),
                minute(toMinute), mode, factor, false, "cm@example.org", T0);
        planned.pipeInput(id, Topics.PLANNED_EVENT_SERDE.toBytes(e), T0);
    }

    private List<Alert> alerts() {
        return alerts.readValuesToList();
    }

    private static List<Alert> of(List<Alert> all, String rule, Alert.State state) {
        return all.stream().filter(a -> a.rule().equals(rule) && a.state() == state).toList();
    }

    // ------------------------------------------------------------------ seasonal baseline

    /**
     * A railway: one negative a minute (one per 5 minutes in the hours no assertion looks at), and a commuter rush of 12 negatives a minute from 8:00 to
     * 8:30 every day. The profile is used after one day here ({@code minDays: 1}; the default 3 only makes the test
     * three times longer). On the second day the 8:00 rush is expected, and the same 12 negatives a minute at 3:00
     * are a storm.
     */
    private List<Alert> dailyRushTimeline() {
        for (int day = 0; day < 2; day++) {
            double d = day * DAY;
            sparse(d, d + 2 * 60);                              // hours no assertion looks at: one negative per 5 min
            steady(d + 2 * 60, d + 3 * 60, 1, 0);
            if (day == 1) {
                steady(d + 3 * 60, d + 3 * 60 + 5, 12, 0);      // Tuesday 3:00: the same count at night
            }
            steady(d + 3 * 60 + (day == 1 ? 5 : 0), d + 8 * 60, 1, 0);
            steady(d + 8 * 60, d + 8 * 60 + 30, 12, 0);         // the rush
            steady(d + 8 * 60 + 30, d + 10 * 60, 1, 0);
            if (day == 0) {
                sparse(d + 10 * 60, d + DAY);
            }
        }
        return alerts().stream().filter(a -> !a.startsAt().isBefore(minute(DAY))).toList();
    }

    @Test
    void withTheSeasonalProfileTheSecondDaysMorningRushIsExpectedButTheSameCountAtThreeInTheMorningAlerts() {
        start(new DetectorSettings(new DetectorSettings.Seasonal(true, 1), null, null, null, null));
        List<Alert> tuesday = dailyRushTimeline();
        List<Alert> firing = of(tuesday, AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.FIRING);
        assertThat(firing).as("only the night storm").isNotEmpty()
                .allSatisfy(a -> assertThat(a.startsAt()).isBetween(minute(DAY + 180), minute(DAY + 181)));
        assertThat(firing.get(0).annotations().get("adjustment")).contains("seasonal baseline");
        assertThat(of(tuesday, AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.RESOLVED)).hasSize(1);
    }

    @Test
    void withoutTheSeasonalProfileTheSameMorningRushAlertsAsAStorm() {
        start(new DetectorSettings(new DetectorSettings.Seasonal(false, 1), null, null, null, null));
        List<Alert> tuesday = dailyRushTimeline();
        List<Alert> firing = of(tuesday, AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.FIRING);
        assertThat(firing).extracting(Alert::startsAt)
                .anySatisfy(t -> assertThat(t).isBetween(minute(DAY + 180), minute(DAY + 181)))
                .anySatisfy(t -> assertThat(t).isBetween(minute(DAY + 480), minute(DAY + 481)));
    }

    // ------------------------------------------------------------------ negative-share shift

    @Test
    void theToneTurningAtFlatVolumeRaisesANegativeShareAlertWithinAMinuteAndAnAllClearLater() {
        start();
        steady(0, 40, 15, 45);                            // 60 mentions a minute, 25 % negative
        assertThat(alerts()).isEmpty();
        steady(40, 45, 40, 20);                           // t=40: still 60 a minute, now 67 % negative
        steady(45, 55, 15, 45);                           // back to the usual tone

        List<Alert> out = alerts();
        assertThat(out).as("the volume rule sees 2.7x, below its factor 3").allSatisfy(a ->
                assertThat(a.rule()).isEqualTo(AlertRules.NEGATIVE_SHARE_SHIFT));
        List<Alert> firing = of(out, AlertRules.NEGATIVE_SHARE_SHIFT, Alert.State.FIRING);
        assertThat(firing).isNotEmpty();
        Alert first = firing.get(0);
        assertThat(first.startsAt()).isBetween(minute(40), minute(41));
        assertThat(first.labels()).containsEntry("brand", NORDBAHN).containsEntry("rule", "negative_share_shift");
        assertThat(first.annotations().get("summary")).startsWith("Tone about Nordbahn turned negative");
        assertThat(Double.parseDouble(first.annotations().get("expectedShare"))).isBetween(0.24, 0.26);
        assertThat(first.annotations().get("description")).contains("binomial test", "Weiche", "https://example.org/");
        assertThat(Double.parseDouble(first.annotations().get("pValue"))).isLessThanOrEqualTo(1e-4);
        assertThat(of(out, AlertRules.NEGATIVE_SHARE_SHIFT, Alert.State.RESOLVED)).singleElement().satisfies(a -> {
            assertThat(a.startsAt()).isEqualTo(first.startsAt());
            assertThat(a.endsAt()).isBetween(minute(48), minute(50));
            assertThat(a.annotations().get("resolution")).startsWith("The negative share has been back within its usual range");
        });
        assertThat(out.get(out.size() - 1).state()).isEqualTo(Alert.State.RESOLVED);
    }

    @Test
    void aStormOfNegativesAlertsOnceAsAVolumeSpikeNotAlsoAsAShareShift() {
        start();
        steady(0, 40, 15, 45);
        burst(40, 200, Duration.ofSeconds(50));           // volume spike and share rise at once
        steady(40, 48, 15, 45);
        List<Alert> out = alerts();
        assertThat(of(out, AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.FIRING)).isNotEmpty();
        assertThat(of(out, AlertRules.NEGATIVE_SHARE_SHIFT, Alert.State.FIRING)).as("inhibited by the open spike").isEmpty();
    }

    // ------------------------------------------------------------------ planned events

    @Test
    void noAlertOfAnyRuleDuringADeclaredMuteCampaignAndTheNextStormAfterItAlerts() {
        start();
        declare("launch", 20, 40, PlannedEvent.Mode.MUTE, 1);
        steady(0, 25, 15, 45);
        burst(25, 200, Duration.ofSeconds(50));           // would be a critical spike
        steady(25, 30, 40, 20);                           // and a tone shift
        steady(30, 50, 15, 45);
        assertThat(alerts()).isEmpty();
        burst(50, 200, Duration.ofSeconds(50));           // after the campaign
        assertThat(of(alerts(), AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.FIRING)).isNotEmpty()
                .allSatisfy(a -> assertThat(a.startsAt()).isBetween(minute(50), minute(51)));
    }

    @Test
    void anIncidentOpenWhenAMuteEventBeginsStillResolvesAndIsNotKeptAliveByTheMutedStorm() {
        start();
        declare("statement", 13, 40, PlannedEvent.Mode.MUTE, 1);
        steady(0, 11, 1, 3);
        burst(11, 40, Duration.ofSeconds(30));            // t=11: a storm, alerted
        steady(11, 13, 1, 3);
        assertThat(of(alerts(), AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.FIRING)).isNotEmpty();
        burst(13.5, 60, Duration.ofSeconds(30));          // t=13.5: inside the event (the brand's statement goes out)
        steady(13, 20, 1, 3);
        List<Alert> out = alerts();
        assertThat(of(out, AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.FIRING)).as("muted: no update, no new one").isEmpty();
        assertThat(of(out, AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.RESOLVED)).singleElement()
                .satisfies(a -> assertThat(a.endsAt()).as("3 quiet minutes after the last unmuted spike window")
                        .isBetween(minute(14.5), minute(16.5)));
    }

    @Test
    void aRaiseCampaignNeedsABiggerStorm() {
        start();
        declare("tv-spot", 20, 60, PlannedEvent.Mode.RAISE, 3);
        steady(0, 25, 1, 3);
        burst(25, 12, Duration.ofSeconds(30));            // 12x the usual 1: a spike on any other day
        steady(25, 35, 1, 3);
        assertThat(alerts()).as("below the raised minimum of 24").isEmpty();
        burst(35, 60, Duration.ofSeconds(30));            // a real storm
        steady(35, 45, 1, 3);
        List<Alert> out = alerts();
        List<Alert> firing = of(out, AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.FIRING);
        assertThat(firing).isNotEmpty();
        assertThat(firing.get(0).startsAt()).isBetween(minute(35), minute(36));
        assertThat(firing.get(0).annotations().get("description")).contains("planned event 'Launch tv-spot' (RAISE 3x");
        assertThat(Long.parseLong(firing.get(0).annotations().get("threshold"))).isGreaterThanOrEqualTo(24);
        assertThat(of(out, AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.RESOLVED)).hasSize(1);
        // after the campaign the usual thresholds apply again
        steady(45, 70, 1, 3);
        burst(70, 12, Duration.ofSeconds(30));
        steady(70, 72, 1, 3);
        assertThat(of(alerts(), AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.FIRING)).isNotEmpty()
                .allSatisfy(a -> assertThat(a.startsAt()).isBetween(minute(70), minute(71)));
    }

    @Test
    void aCampaignsBuzzStaysOutOfTheBaselineSoAStormRightAfterItStillAlerts() {
        start();
        declare("campaign", 15, 45, PlannedEvent.Mode.MUTE, 1);
        steady(0, 15, 1, 3);
        steady(15, 45, 20, 20);                           // 30 minutes of campaign buzz, 20 negatives a minute
        steady(45, 47, 1, 3);
        burst(47, 40, Duration.ofSeconds(40));            // 2x the buzz, 40x the usual level
        steady(47, 49, 1, 3);
        List<Alert> firing = of(alerts(), AlertRules.NEGATIVE_VOLUME_SPIKE, Alert.State.FIRING);
        assertThat(firing).isNotEmpty();
        assertThat(firing.get(0).startsAt()).isBetween(minute(47), minute(48));
        assertThat(Double.parseDouble(firing.get(0).annotations().get("baseline"))).as("the pre-campaign level").isLessThan(2);
    }

    @Test
    void brokenPlannedEventRecordsGoToTheDeadLetterTopicOnceWithTheReasonAndGoodOnesStillApply() {
        start();
        planned.pipeInput("bad-json", "{not json".getBytes(StandardCharsets.UTF_8), T0);
        PlannedEvent backwards = new PlannedEvent(1, "backwards", NORDBAHN, "x", minute(30), minute(20),
                PlannedEvent.Mode.MUTE, 1, false, null, T0);
        planned.pipeInput("backwards", Topics.PLANNED_EVENT_SERDE.toBytes(backwards), T0);
        declare("launch", 20, 40, PlannedEvent.Mode.MUTE, 1);
        steady(0, 25, 1, 3);
        burst(25, 200, Duration.ofSeconds(50));
        steady(25, 30, 1, 3);

        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).hasSize(2).allSatisfy(d -> {
            assertThat(d.sourceTopic()).isEqualTo(Topics.PLANNED_EVENTS.name());
            assertThat(d.stage()).isEqualTo("monitor-streams/planned-events");
        });
        assertThat(dead.get(0).key()).isEqualTo("bad-json");
        assertThat(dead.get(0).value()).isEqualTo("{not json");
        assertThat(dead.get(0).reason()).startsWith("not a valid PlannedEvent JSON record");
        assertThat(dead.get(0).offset()).isZero();
        assertThat(dead.get(1).key()).isEqualTo("backwards");
        assertThat(dead.get(1).reason()).contains("end must be after start");
        assertThat(alerts()).as("the valid MUTE event after them applies").isEmpty();

        driver.advanceWallClockTime(Duration.ofMinutes(1));
        steady(30, 32, 1, 3);
        assertThat(deadLetters.readValuesToList()).as("each published once").isEmpty();
        assertThat(registry.counter("monitor.streams.deadletters", "stage", "planned-events").count()).isEqualTo(2.0);

        // a fixed version under the same key replaces nothing good and is not a dead letter
        planned.pipeInput("bad-json", (byte[]) null, T0);
        planned.pipeInput("broken-again", "[]".getBytes(StandardCharsets.UTF_8), T0);
        steady(32, 33, 1, 3);
        assertThat(deadLetters.readValuesToList()).singleElement()
                .satisfies(d -> assertThat(d.key()).isEqualTo("broken-again"));
    }
}
