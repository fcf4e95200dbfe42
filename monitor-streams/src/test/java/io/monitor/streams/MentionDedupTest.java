package io.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import java.nio.file.Path;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Re-ingested copies of a mention (same {@code platform:id}) are dropped when their record time is within
 * {@code detection.dedupRetention} (1 h) of a copy seen before, whether they come later or (late) earlier, also
 * across clock-hour boundaries; a copy further away counts as new.
 */
class MentionDedupTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:40:00Z");

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, Mention> enriched;

    @BeforeEach
    void start() {
        MonitorSettings d = MonitorSettings.defaults();
        MonitorSettings settings = new MonitorSettings(d.kafka(), List.of(new BrandSettings("nordbahn", null, "nordbahn", null)),
                d.ingest(), d.detection(), d.sentiment(), d.api(), d.notifications());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedup-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(MonitorTopology.build(settings, TestScorers.keywords(), TestScorers.german(),
                new SimpleMeterRegistry()), props, T0);
        raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new StringSerializer(), new ByteArraySerializer());
        enriched = driver.createOutputTopic(Topics.MENTIONS_ENRICHED.name(), Topics.MENTIONS_ENRICHED.keySerde().deserializer(),
                Topics.MENTIONS_ENRICHED.valueSerde().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** Sends a copy of post {@code id} with record time T0 + {@code minutes}; returns whether it was published. */
    private boolean copy(String id, double minutes) {
        Instant at = T0.plusMillis(Math.round(minutes * 60_000));
        Mention m = new Mention(Mention.SCHEMA_VERSION, "demo", id, null, null, "Nordbahn " + id, null, T0, at, null, null,
                null, null, null, null);
        raw.pipeInput(m.key(), Topics.MENTION_SERDE.toBytes(m), at);
        return !enriched.readRecordsToList().isEmpty();
    }

    @Test
    void copiesWithinTheHourBeforeOrAfterAreDroppedAcrossHourBoundariesAndFartherOnesCountAgain() {
        assertThat(copy("a", 0)).isTrue();          // 08:40, first sighting
        assertThat(copy("a", 15)).isFalse();        // 08:55, same hour bucket
        assertThat(copy("a", 59.9)).isFalse();      // 09:39:54, next bucket, 59.9 min later
        assertThat(copy("a", -30)).isFalse();       // 08:10, a late copy from before
        assertThat(copy("a", 60)).isFalse();        // exactly one hour later: still within reach
        assertThat(copy("a", 60.1)).isTrue();       // farther than an hour from 08:40: a new sighting at 09:40:06
        assertThat(copy("a", 110)).isFalse();       // 10:30, within the hour of the second sighting
        assertThat(copy("a", -61)).isTrue();        // 07:39, more than an hour before the first sighting

        assertThat(copy("b", 19.99)).isTrue();      // 08:59:59
        assertThat(copy("b", 20.02)).isFalse();     // 09:00:01, other side of the bucket boundary
        assertThat(copy("b", 79.98)).isFalse();     // 09:59:59, within one hour of 08:59:59
        assertThat(copy("b", 80.1)).isTrue();       // 10:00:06, more than an hour after 08:59:59
    }
}
