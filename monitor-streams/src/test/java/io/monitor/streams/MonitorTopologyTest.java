package io.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.core.model.Severity;
import io.monitor.core.model.TimelinePoint;
import io.monitor.streams.detect.AlertTracker;
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
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real topology ({@link MonitorTopology#build}) driven by explicit timestamps. Tests read as timelines:
 * {@code minute(11)} is 11 minutes after T0. Detection settings are the shipped defaults: 1-minute windows every
 * 10 s, 30 baseline windows, at least 8 negatives, 3x the baseline, 5 minutes warm-up, resolve after 3 quiet minutes.
 */
class MonitorTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private static final String NORDBAHN = "nordbahn";

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, Mention> enriched;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private int seq;

    @BeforeEach
    void start() {
        MonitorSettings settings = MonitorSettings.defaults();
        settings = new MonitorSettings(settings.kafka(), List.of(
                new BrandSettings(NORDBAHN, "Nordbahn", "(nordbahn OR \"nord bahn\" OR @nordbahn OR #nordbahn) AND NOT nordbahnhof", null),
                new BrandSettings("kaffeekult", "Kaffeekult", "kaffeekult OR #kaffeekult", null)),
                settings.ingest(), settings.detection(), settings.sentiment(), settings.api(), settings.notifications());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(MonitorTopology.build(settings, TestScorers.keywords(), TestScorers.german(), registry),
                props, T0);
        raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new StringSerializer(), new ByteArraySerializer());
        enriched = driver.createOutputTopic(Topics.MENTIONS_ENRICHED.name(), Topics.MENTIONS_ENRICHED.keySerde().deserializer(),
                Topics.MENTIONS_ENRICHED.valueSerde().deserializer());
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

    private void post(Instant at, String text) {
        String id = "p" + (++seq);
        Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", id, "https://example.org/" + id,
                new Mention.Author("a" + seq % 50, "user" + seq % 50, null, 100 + seq % 7), text, null, at, at, null, null,
                null, null, null, null);
        raw.pipeInput(m.key(), Topics.MENTION_SERDE.toBytes(m), at);
    }

    /** Per minute in [from, to): {@code negatives} negative and {@code neutrals} neutral posts, spread over the minute. */
    private void steady(int from, int to, int negatives, int neutrals) {
        for (int min = from; min < to; min++) {
            int n = negatives + neutrals;
            for (int i = 0; i < n; i++) {
                Instant at = minute(min).plusMillis(i * 60_000L / n + 500);
                post(at, i < negatives ? "Die Nordbahn ist kaputt, Weiche defekt" : "Mit der Nordbahn nach Kiel");
            }
        }
    }

    private void burst(double atMinute, int negatives, Duration over) {
        for (int i = 0; i < negatives; i++) {
            post(minute(atMinute).plusMillis(over.toMillis() * i / negatives), "Nordbahn schon wieder kaputt #stellwerk Ausfall");
        }
    }

    private List<TestRecord<String, Alert>> alertRecords() {
        // This class shows the spike rule; the crisis rules beside it have their own timelines (CrisisRulesTopologyTest).
        return alerts.readRecordsToList().stream().filter(r -> r.value().rule().equals(AlertTracker.RULE)).toList();
    }

    // ------------------------------------------------------------------ detection timelines

    @Test
    void quietBaselineThenABurstOfFortyFiresOnceWithinTheMinuteAndResolvesAfterTheQuietPeriod() {
        steady(0, 11, 1, 3);                           // t=0..11: 1 negative per minute
        assertThat(alertRecords()).isEmpty();
        burst(11, 40, Duration.ofSeconds(30));         // t=11: 40 negatives within 30 s
        steady(11, 22, 1, 3);                          // back to normal (and stream time moves on)

        List<TestRecord<String, Alert>> out = alertRecords();
        String fingerprint = AlertTracker.fingerprint(NORDBAHN);
        assertThat(out).extracting(TestRecord::key).containsOnly(fingerprint);
        List<TestRecord<String, Alert>> firing = out.stream().filter(r -> r.value().state() == Alert.State.FIRING).toList();
        List<TestRecord<String, Alert>> resolved = out.stream().filter(r -> r.value().state() == Alert.State.RESOLVED).toList();

        // one incident: a FIRING between t=11 and t=12, at most one escalation, all with the same startsAt
        assertThat(firing).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        Instant startsAt = firing.get(0).value().startsAt();
        assertThat(startsAt).isBetween(minute(11), minute(12));
        assertThat(firing).allSatisfy(r -> assertThat(r.value().startsAt()).isEqualTo(startsAt));
        assertThat(firing.get(firing.size() - 1).value().severity()).isEqualTo(Severity.CRITICAL);
        Alert a = firing.get(firing.size() - 1).value();
        assertThat(a.labels()).containsEntry("brand", NORDBAHN).containsEntry("rule", "negative_volume_spike");
        assertThat(a.annotations().get("summary")).startsWith("Negative mentions of Nordbahn spiked");
        assertThat(Double.parseDouble(a.annotations().get("baseline"))).isBetween(0.8, 1.2);
        assertThat(a.annotations().get("description")).contains("negative mentions of Nordbahn in the last 1m, against an expected",
                "#stellwerk", "https://example.org/");
        assertThat(Long.parseLong(a.annotations().get("observed"))).isGreaterThanOrEqualTo(24);

        // all clear once no window holds the burst (about t=12.5) plus 3 quiet minutes, and nothing after it
        assertThat(resolved).singleElement().satisfies(r -> {
            assertThat(r.value().startsAt()).isEqualTo(startsAt);
            assertThat(r.value().endsAt()).isBetween(minute(14.5), minute(16.5));
        });
        assertThat(out.get(out.size() - 1).value().state()).isEqualTo(Alert.State.RESOLVED);
        assertThat(registry.counter("monitor.streams.alerts", "brand", NORDBAHN, "rule", "negative_volume_spike",
                "state", "resolved").count()).isEqualTo(1.0);
    }

    @Test
    void whenTheWholeInputGoesSilentTheAlertStillResolvesOnTheWallClock() {
        steady(0, 11, 1, 3);
        burst(11, 40, Duration.ofSeconds(30));          // last record of all at about t=11.5
        assertThat(alertRecords()).extracting(r -> r.value().state()).containsOnly(Alert.State.FIRING);
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertThat(alertRecords()).as("quiet for only 2 minutes").isEmpty();
        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertThat(alertRecords()).singleElement().satisfies(r -> {
            assertThat(r.value().state()).isEqualTo(Alert.State.RESOLVED);
            // event time extrapolated from the last record: about t=11.5 + 4 minutes of idle wall time
            assertThat(r.value().endsAt()).isBetween(minute(14.5), minute(16));
        });
    }

    @Test
    void aSteadyHighNegativeVolumeNeverAlerts() {
        // Starts below the brand-new-brand storm level (24), then settles higher in steps below the factor 3.
        for (int min = 0; min < 10; min++) {
            steady(min, min + 1, min % 2 == 0 ? 16 : 22, 5);
        }
        for (int min = 10; min < 40; min++) {
            steady(min, min + 1, min % 2 == 0 ? 25 : 35, 5);
        }
        assertThat(alertRecords()).isEmpty();
    }

    @Test
    void aBrandWithTooLittleDataNeverAlerts() {
        steady(0, 2, 0, 2);
        burst(2, 15, Duration.ofSeconds(20));          // during warm-up, below the storm level of 8 x 3 = 24
        post(minute(20), "Nordbahn kaputt");            // sparse later on
        burst(40, 6, Duration.ofSeconds(20));          // warmed up, but below the minimum of 8
        steady(41, 45, 0, 2);
        assertThat(alertRecords()).isEmpty();
    }

    @Test
    void aStormOnABrandNewBrandStillAlertsDuringWarmUp() {
        steady(0, 1, 0, 2);
        burst(1, 30, Duration.ofSeconds(20));
        assertThat(alertRecords()).extracting(r -> r.value().state()).startsWith(Alert.State.FIRING);
    }

    @Test
    void aBusyBrandRightAfterStartStaysQuietAndTheDemoCrisisThirtySecondsInStillAlerts() {
        // The shipped demo: about 100 mentions per minute per brand, 20 % negative, from the first second.
        steady(0, 6, 20, 80);
        assertThat(alertRecords()).as("everyday complaints during and after warm-up").isEmpty();
        // A crisis from t=6: 8 negatives per second on top of the background.
        for (int i = 0; i < 8 * 60; i++) {
            post(minute(6).plusMillis(i * 125L), "Nordbahn kaputt, #nordbahnchaos, Stellwerk brennt");
        }
        List<TestRecord<String, Alert>> out = alertRecords();
        assertThat(out).isNotEmpty();
        assertThat(out.get(0).value().startsAt()).isBetween(minute(6), minute(6.5));
        assertThat(out.get(0).value().annotations().get("topTerms")).contains("#nordbahnchaos");
    }

    @Test
    void theDemoCrisisThirtySecondsAfterTheFirstMentionAlertsAtOnce() {
        // Background (100 per minute, 20 % negative) and the crisis interleaved in time order.
        java.util.TreeMap<Instant, String> timeline = new java.util.TreeMap<>();
        for (int i = 0; i < 300; i++) {
            timeline.put(minute(0).plusMillis(i * 600L + 1), i % 5 == 0 ? "Nordbahn kaputt" : "Mit der Nordbahn unterwegs");
        }
        for (int i = 0; i < 8 * 90; i++) {
            timeline.put(minute(0.5).plusMillis(i * 125L), "Nordbahn kaputt, #nordbahnchaos");
        }
        timeline.forEach((at, text) -> post(at, text));
        List<TestRecord<String, Alert>> out = alertRecords();
        assertThat(out).isNotEmpty();
        assertThat(out.get(0).value().startsAt()).isBetween(minute(0.5), minute(1));
    }

    @Test
    void aBurstRightAfterAPreviousOneStillAlertsBecauseTheBaselineIsNotInflated() {
        steady(0, 11, 1, 3);
        burst(11, 200, Duration.ofSeconds(50));
        steady(11, 17, 1, 3);
        List<TestRecord<String, Alert>> first = alertRecords();
        assertThat(first).extracting(r -> r.value().state()).contains(Alert.State.FIRING, Alert.State.RESOLVED);

        // 25 negatives: a plain mean over the last 17 windows (about 13) would need 39 to reach 3x
        burst(17, 25, Duration.ofSeconds(30));
        steady(17, 19, 1, 3);
        List<TestRecord<String, Alert>> second = alertRecords();
        assertThat(second).isNotEmpty();
        assertThat(second.get(0).value().state()).isEqualTo(Alert.State.FIRING);
        assertThat(second.get(0).value().startsAt()).isBetween(minute(17), minute(18));
        assertThat(second.get(0).value().annotations().get("description")).contains("earlier spike window(s) left out");
    }

    @Test
    void anotherBrandsStormDoesNotAlertForThisBrand() {
        steady(0, 11, 1, 3);
        for (int i = 0; i < 40; i++) {
            post(minute(11).plusSeconds(i), "Kaffeekult kaputt");
        }
        steady(11, 13, 1, 3);
        assertThat(alertRecords()).isNotEmpty().allSatisfy(r -> assertThat(r.value().brand()).isEqualTo("kaffeekult"));
    }

    // ------------------------------------------------------------------ enrichment, dead letters, timeline

    @Test
    void aMatchedMentionIsEnrichedOncePerBrandAndUnmatchedOnesAreCountedNotPublished() {
        TestScorers.LANGUAGE_CALLS.set(0);
        post(minute(0), "Nordbahn und Kaffeekult: super Kombination");
        post(minute(0.1), "Heute scheint die Sonne");
        post(minute(0.2), "Treffen am Nordbahnhof");
        List<TestRecord<String, Mention>> out = enriched.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly(NORDBAHN, "kaffeekult");
        Mention m = out.get(0).value();
        assertThat(m.matchedBrands()).containsExactly(NORDBAHN, "kaffeekult");
        assertThat(m.language()).isEqualTo("de");
        assertThat(m.sentiment().label()).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(out.get(0).timestamp()).isEqualTo(minute(0).toEpochMilli());
        assertThat(TestScorers.LANGUAGE_CALLS.get()).as("language detected only for the matched post").isEqualTo(1);
        assertThat(registry.counter("monitor.streams.mentions.unmatched", "platform", "demo").count()).isEqualTo(2.0);
    }

    @Test
    void poisonRecordsGoToDeadLettersWithTheReasonAndTheNextRecordStillFlows() {
        raw.pipeInput("demo:bad1", "{not json".getBytes(StandardCharsets.UTF_8), minute(0));
        raw.pipeInput("demo:bad2", "{\"schemaVersion\":99,\"platform\":\"demo\",\"id\":\"x\",\"createdAt\":\"2026-11-27T08:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8), minute(0));
        raw.pipeInput("demo:bad3", new byte[2_000_000], minute(0));
        raw.pipeInput("demo:bad4", (byte[]) null, minute(0));
        post(minute(0.5), "Nordbahn explode"); // the scorer throws on this one
        post(minute(1), "Nordbahn fährt");

        List<TestRecord<String, DeadLetter>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(5).allSatisfy(r -> assertThat(r.key()).isEqualTo(Topics.MENTIONS_RAW.name()));
        assertThat(dead.get(0).value().reason()).startsWith("not a valid Mention JSON record");
        assertThat(dead.get(0).value().value()).isEqualTo("{not json");
        assertThat(dead.get(0).value().key()).isEqualTo("demo:bad1");
        assertThat(dead.get(0).value().offset()).isEqualTo(0);
        assertThat(dead.get(1).value().reason()).contains("schemaVersion 99 is not supported");
        assertThat(dead.get(2).value().reason()).contains("exceeds the limit");
        assertThat(dead.get(2).value().value()).endsWith("[truncated]");
        assertThat(dead.get(3).value().reason()).contains("null value");
        assertThat(dead.get(4).value().reason()).contains("enrichment failed").contains("scorer cannot handle");
        assertThat(dead.get(4).value().stage()).isEqualTo("monitor-streams/enrich");
        assertThat(enriched.readValuesToList()).extracting(Mention::text).containsExactly("Nordbahn fährt");
        assertThat(registry.counter("monitor.streams.deadletters", "stage", "decode").count()).isEqualTo(4.0);
    }

    @Test
    void aReIngestedMentionIsCountedOnce() {
        Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", "same", null, null, "Nordbahn kaputt", null, minute(0),
                minute(0), null, null, null, null, null, null);
        raw.pipeInput(m.key(), Topics.MENTION_SERDE.toBytes(m), minute(0));
        raw.pipeInput(m.key(), Topics.MENTION_SERDE.toBytes(m), minute(5));
        assertThat(enriched.readRecordsToList()).hasSize(1);
        assertThat(registry.counter("monitor.streams.mentions.duplicates").count()).isEqualTo(1.0);
    }

    @Test
    void theTimelineStoreHoldsOnePointPerMinuteWithCountsAndMeanSentiment() {
        post(minute(0.1), "Nordbahn kaputt");
        post(minute(0.5), "Nordbahn super");
        post(minute(0.9), "Nordbahn fährt");
        post(minute(2.5), "Nordbahn kaputt");
        StoreTimelineQuery timeline = new StoreTimelineQuery(name -> driver.getWindowStore(name));
        List<TimelinePoint> points = timeline.timeline(NORDBAHN, minute(0), minute(3));
        assertThat(points).hasSize(2);
        TimelinePoint first = points.get(0);
        assertThat(first.windowStart()).isEqualTo(minute(0));
        assertThat(first.windowEnd()).isEqualTo(minute(1));
        assertThat(first.volume()).isEqualTo(3);
        assertThat(first.negative()).isEqualTo(1);
        assertThat(first.positive()).isEqualTo(1);
        assertThat(first.neutral()).isEqualTo(1);
        assertThat(first.meanSentiment()).isCloseTo(-0.1 / 3, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(points.get(1).windowStart()).isEqualTo(minute(2));
        assertThat(timeline.timeline(NORDBAHN, minute(0), minute(2))).as("[from, to)").hasSize(1);
        assertThat(timeline.timeline("kaffeekult", minute(0), minute(3))).isEmpty();
    }

    // ------------------------------------------------------------------ late arrivals (detection.allowedLateness = 5m)

    private long timelineVolume(Instant from, Instant to) {
        StoreTimelineQuery timeline = new StoreTimelineQuery(name -> driver.getWindowStore(name));
        return timeline.timeline(NORDBAHN, from, to).stream().mapToLong(TimelinePoint::volume).sum();
    }

    private double lateCount() {
        io.micrometer.core.instrument.Counter c = registry.find("monitor.streams.mentions.late").tag("brand", NORDBAHN).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aMentionArrivingFourMinutesLateIsStillCountedInItsMinuteAndOneBeyondTheAllowedLatenessIsCountedAsLate() {
        post(minute(0.2), "Nordbahn fährt");
        post(minute(4.5), "Nordbahn fährt");            // stream time 4.5
        post(minute(0.7), "Nordbahn kaputt");           // 4 minutes late: its window [0,1) closes at 1 + 5 = 6
        assertThat(timelineVolume(minute(0), minute(1))).isEqualTo(2);
        post(minute(7), "Nordbahn fährt");              // stream time 7: window [1,2) closed at 6
        post(minute(1.5), "Nordbahn kaputt");           // 5.5 minutes late: too late for the windows
        assertThat(timelineVolume(minute(1), minute(2))).isZero();
        assertThat(lateCount()).isEqualTo(1.0);
        assertThat(enriched.readValuesToList()).as("the late mention is still published enriched").hasSize(5);
        assertThat(timelineVolume(minute(0), minute(8))).isEqualTo(4);
    }

    @Test
    void aBackfillWhosePartitionsInterleaveMinutesApartIsCountedCompletely() {
        // Fifteen minutes of history on two partitions, the consumer reading one four minutes ahead of the other
        // (stream time runs with the faster one), then a burst: every mention is counted, none is late.
        int perMinute = 4;
        for (int step = 0; step < 19; step++) {
            for (int i = 0; i < perMinute; i++) {
                if (step < 15) {
                    post(minute(step).plusSeconds(i * 15L + 1), "Nordbahn fährt");       // partition read ahead
                }
                if (step >= 4) {
                    post(minute(step - 4).plusSeconds(i * 15L + 7), "Nordbahn fährt");   // partition read behind
                }
            }
        }
        burst(18, 60, Duration.ofSeconds(30));
        assertThat(timelineVolume(minute(0), minute(19))).isEqualTo(2 * 15 * perMinute + 60);
        assertThat(lateCount()).isZero();
    }

    @Test
    void aLateBurstInAnOldWindowDoesNotFireButCountsAndAFreshBurstStillAlerts() {
        steady(0, 15, 1, 3);                            // stream time about 15
        burst(11, 40, Duration.ofSeconds(30));          // a burst at t=11 delivered 4 minutes late
        assertThat(alertRecords()).as("a late burst is history, not a new incident").isEmpty();
        assertThat(timelineVolume(minute(11), minute(12))).isEqualTo(4 + 40);
        assertThat(registry.counter("monitor.streams.windows.late").count()).isGreaterThan(0);

        steady(15, 20, 1, 3);
        burst(20, 40, Duration.ofSeconds(30));          // a live burst: the late one stays out of its baseline
        List<TestRecord<String, Alert>> out = alertRecords();
        assertThat(out).isNotEmpty();
        assertThat(out.get(0).value().state()).isEqualTo(Alert.State.FIRING);
        assertThat(out.get(0).value().startsAt()).isBetween(minute(20), minute(21));
    }
}
