package io.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.BrandDefinition;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
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
 * Brands changed at run time on {@code monitor.brands} while the real topology runs: each test is a timeline in which
 * an admin adds, changes or deletes a brand at minute t, and mentions before and after t are matched by the brands in
 * force when they are processed. Configured brands: nordbahn ("Nordbahn") and kaffeekult.
 */
class RuntimeBrandsTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestInputTopic<String, BrandDefinition> brands;
    private TestInputTopic<String, byte[]> brandsRaw;
    private TestOutputTopic<String, Mention> enriched;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private int seq;

    @BeforeEach
    void start() {
        MonitorSettings d = MonitorSettings.defaults();
        MonitorSettings settings = new MonitorSettings(d.kafka(), List.of(
                new BrandSettings("nordbahn", "Nordbahn", "nordbahn OR #nordbahn", null),
                new BrandSettings("kaffeekult", "Kaffeekult", "kaffeekult OR #kaffeekult", null)),
                d.ingest(), d.detection(), d.sentiment(), d.api(), d.notifications());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "runtime-brands-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(MonitorTopology.build(settings, TestScorers.keywords(), TestScorers.german(), registry),
                props, T0);
        raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new StringSerializer(), new ByteArraySerializer());
        brands = driver.createInputTopic(Topics.BRANDS.name(), new StringSerializer(), Topics.BRANDS.valueSerde().serializer());
        brandsRaw = driver.createInputTopic(Topics.BRANDS.name(), new StringSerializer(), new ByteArraySerializer());
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

    private static Instant minute(double m) {
        return T0.plusMillis(Math.round(m * 60_000));
    }

    private void post(Instant at, String text) {
        String id = "p" + (++seq);
        Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", id, "https://example.org/" + id,
                new Mention.Author("a" + seq % 50, "user" + seq % 50, null, 100), text, null, at, at, null, null,
                null, null, null, null);
        raw.pipeInput(m.key(), Topics.MENTION_SERDE.toBytes(m), at);
    }

    private void define(Instant at, String id, String name, String query) {
        brands.pipeInput(id, new BrandDefinition(BrandDefinition.SCHEMA_VERSION, id, name, query, List.of(), false, "admin", at), at);
    }

    /** Brand id → texts of the enriched mentions published since the last call. */
    private List<String> published() {
        return enriched.readRecordsToList().stream().map(r -> r.key() + ": " + r.value().text()).toList();
    }

    @Test
    void aBrandAddedAtMinuteTwoMatchesMentionsAfterItAndNotBefore() {
        post(minute(1), "Mein neues Fjordphone ist da");
        assertThat(published()).isEmpty();

        define(minute(2), "fjordphone", "Fjord Phone", "fjordphone OR \"fjord phone\"");
        post(minute(3), "Das Fjord Phone ist super");
        post(minute(3.5), "Nordbahn und Fjordphone, beides kaputt");

        assertThat(published()).containsExactly("fjordphone: Das Fjord Phone ist super",
                "nordbahn: Nordbahn und Fjordphone, beides kaputt", "fjordphone: Nordbahn und Fjordphone, beides kaputt");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aStormOnABrandAddedAtRunTimeAlertsUnderItsDisplayName() {
        define(minute(0), "fjordphone", "Fjord Phone", "fjordphone");
        for (int i = 0; i < 40; i++) {
            post(minute(1).plusMillis(i * 500L), "Fjordphone kaputt, Akku tot");
        }
        post(minute(2), "Fjordphone");
        List<TestRecord<String, Alert>> out = alerts.readRecordsToList();
        assertThat(out).isNotEmpty();
        Alert a = out.get(0).value();
        assertThat(a.labels()).containsEntry("brand", "fjordphone");
        assertThat(a.annotations().get("summary")).startsWith("Negative mentions of Fjord Phone spiked");
    }

    @Test
    void aChangedQueryChangesMatchingFromTheChangeOnAndTheNewNameIsUsed() {
        post(minute(1), "Nordbahn fährt heute pünktlich");
        define(minute(2), "nordbahn", "Nordbahn AG", "nordexpress OR #nordexpress");
        post(minute(3), "Nordbahn fährt heute pünktlich");
        post(minute(3.5), "Der Nordexpress ist kaputt");

        assertThat(published()).containsExactly("nordbahn: Nordbahn fährt heute pünktlich", "nordbahn: Der Nordexpress ist kaputt");
        assertThat(registry.counter("monitor.streams.mentions.unmatched", "platform", "demo").count()).isEqualTo(1.0);

        // Storm under the changed query: the alert text uses the new display name.
        for (int i = 0; i < 40; i++) {
            post(minute(4).plusMillis(i * 500L), "Nordexpress kaputt");
        }
        post(minute(5), "Nordexpress");
        assertThat(alerts.readValuesToList()).first()
                .satisfies(a -> assertThat(a.annotations().get("summary")).startsWith("Negative mentions of Nordbahn AG spiked"));
    }

    @Test
    void aDeletedConfiguredBrandStopsMatchingAndATombstoneBringsTheConfiguredOneBack() {
        post(minute(1), "Kaffeekult am Morgen");
        brands.pipeInput("kaffeekult", BrandDefinition.deletion("kaffeekult", "admin", minute(2)), minute(2));
        post(minute(3), "Kaffeekult am Mittag");
        post(minute(3.5), "Nordbahn am Mittag");

        assertThat(published()).containsExactly("kaffeekult: Kaffeekult am Morgen", "nordbahn: Nordbahn am Mittag");

        brandsRaw.pipeInput("kaffeekult", (byte[]) null, minute(4)); // tombstone: the run-time overlay goes
        post(minute(5), "Kaffeekult am Abend");
        assertThat(published()).containsExactly("kaffeekult: Kaffeekult am Abend");
    }

    @Test
    void aBrokenQueryIsDeadLetteredWithTheBrandAndColumnAndTheOldQueryStaysInForce() {
        define(minute(1), "nordbahn", "Nordbahn", "(nordbahn OR bahn");
        post(minute(2), "Nordbahn kommt zu spät");

        assertThat(published()).containsExactly("nordbahn: Nordbahn kommt zu spät");
        List<TestRecord<String, DeadLetter>> dead = deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(Topics.BRANDS.name());
            DeadLetter d = r.value();
            assertThat(d.sourceTopic()).isEqualTo(Topics.BRANDS.name());
            assertThat(d.key()).isEqualTo("nordbahn");
            assertThat(d.offset()).isEqualTo(0);
            assertThat(d.stage()).isEqualTo("monitor-streams/brands");
            assertThat(d.reason()).contains("brand 'nordbahn'", "column 18", "previous definition stays in force");
            assertThat(d.value()).contains("(nordbahn OR bahn");
        });
        assertThat(registry.counter("monitor.streams.deadletters", "stage", "brands").count()).isEqualTo(1.0);

        // Reported once, not again with each mention; a later good change still applies.
        post(minute(3), "Nordbahn wieder");
        assertThat(deadLetters.isEmpty()).isTrue();
        define(minute(4), "nordbahn", "Nordbahn", "nordbahn AND kaputt");
        post(minute(5), "Nordbahn wieder");
        post(minute(5.5), "Nordbahn kaputt");
        assertThat(published()).containsExactly("nordbahn: Nordbahn wieder", "nordbahn: Nordbahn kaputt");
    }

    @Test
    void unreadableAndMismatchedDefinitionsAreDeadLetteredAndProcessingGoesOn() {
        brandsRaw.pipeInput("nordbahn", "{not json".getBytes(StandardCharsets.UTF_8), minute(1));
        brandsRaw.pipeInput("nordbahn", "{\"schemaVersion\":1,\"id\":\"nordbahn\",\"deleted\":false}"
                .getBytes(StandardCharsets.UTF_8), minute(1));
        define(minute(1), "Bad Id", "x", "x");
        brands.pipeInput("other-key", new BrandDefinition(1, "fjordphone", null, "fjordphone", null, false, "admin", minute(1)),
                minute(1));
        // No mention arrives: the partition-0 task's wall-clock check (every second) writes the dead letters.
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        List<DeadLetter> dead = deadLetters.readValuesToList();
        assertThat(dead).extracting(DeadLetter::offset).containsExactly(0L, 1L, 2L, 3L);
        assertThat(dead.get(0).reason()).contains("unreadable brand definition for key 'nordbahn'", "not a valid BrandDefinition");
        assertThat(dead.get(1).reason()).contains("query is required");
        assertThat(dead.get(2).reason()).contains("brand id 'Bad Id' must be lower-case");
        assertThat(dead.get(3).reason()).contains("key 'other-key' differs from its id 'fjordphone'");

        post(minute(2), "Nordbahn und Fjordphone");
        assertThat(published()).containsExactly("nordbahn: Nordbahn und Fjordphone");
    }
}
