package io.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.DeadLetter;
import io.monitor.streams.bench.CrisisMix;
import io.monitor.streams.topology.CrisisTopology;
import io.monitor.streams.topology.Topologies;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speed work on the topology must not change a single output: on a generated crisis-heavy run ({@link CrisisMix},
 * 4,500 mentions 150 ms apart (11 minutes) with re-ingested copies and unreadable records: a quiet baseline, then crisis episodes of
 * near-duplicate negative complaints about one brand from many authors, some high-reach) the real topology gives
 * exactly the recorded alerts (key, time and the whole JSON: labels, annotations, evidence), the recorded dead
 * letters, the same enriched records (count and SHA-256 of keys, times and bytes) and the same content of the spike
 * state, crisis state and detection-pane stores (SHA-256 of their JSON). Fields of JSON objects are compared in name
 * order (annotation maps come from {@code Map.of}, whose order changes from one JVM to the next). The record ({@value #RESOURCE}) was taken
 * from the code before the speed-up (commit 742a9ea plus this test). Its crisis state line alone was re-recorded when
 * the snapshots got the crisis journal's two fields ({@code epoch}, {@code journalSlots}); with those two fields
 * left out, the content digests to the earlier record ({@code c68a42ae…}), so nothing else in the state changed.
 *
 * <p>Re-record only for a change that is meant to change outputs: {@code ./mvnw -o -pl monitor-streams test
 * -Dtest=TopologyOutputsPinnedTest -Dpin.record=src/test/resources/io/monitor/streams/topology-outputs-pinned.txt.gz}
 */
class TopologyOutputsPinnedTest {
    static final String RESOURCE = "topology-outputs-pinned.txt.gz";
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void aCrisisHeavyRunGivesExactlyThePinnedAlertsDeadLettersEnrichedRecordsAndState() throws IOException {
        List<String> actual = run();
        String record = System.getProperty("pin.record");
        if (record != null && !record.isBlank()) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(Path.of(record)));
                 PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                w.println("# TopologyOutputsPinnedTest: outputs of CrisisMix.mentions(11, 4500, 2026-11-27T08:00:00Z, true, 150)"
                        + " with faults, recorded by this test with -Dpin.record");
                actual.forEach(w::println);
            }
        }
        List<String> pinned = readPinned();
        assertThat(actual.stream().filter(l -> l.startsWith("alert ")).map(l -> l.split(" ")[3]).distinct())
                .as("the run raises alerts of the crisis rules and the spike rule (else it pins little)")
                .contains("emerging_term", "copy_paste_storm", "high_reach_author", "negative_volume_spike");
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.max(actual.size(), pinned.size()); i++) {
            String a = i < actual.size() ? actual.get(i) : "(none)";
            String p = i < pinned.size() ? pinned.get(i) : "(none)";
            if (!a.equals(p)) {
                differences.add("line " + i + "\n  pinned: " + p + "\n  now:    " + a);
            }
        }
        assertThat(differences)
                .withFailMessage(() -> differences.size() + " of " + pinned.size() + " output lines changed (first 5):\n"
                        + String.join("\n", differences.subList(0, Math.min(5, differences.size()))))
                .isEmpty();
        assertThat(actual).hasSameSizeAs(pinned);
    }

    /** The outputs of the run, one line each: alerts and dead letters in full, digests of the rest. */
    private List<String> run() {
        MonitorSettings d = MonitorSettings.defaults();
        MonitorSettings settings = new MonitorSettings(d.kafka(), List.of(
                new BrandSettings("nordbahn", "Nordbahn", "nordbahn OR #nordbahn OR @nordbahn", null),
                new BrandSettings("fjordphone", null, "\"fjord phone\" OR fjordphone", null),
                new BrandSettings("kaffeekult", null, "kaffeekult OR #kaffeekult", null)),
                d.ingest(), d.detection(), d.sentiment(), d.api(), d.notifications());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pinned-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        List<String> out = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(MonitorTopology.build(settings, TestScorers.keywords(),
                TestScorers.german(), new SimpleMeterRegistry()), props, T0)) {
            TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new StringSerializer(),
                    new ByteArraySerializer());
            for (CrisisMix.Raw r : CrisisMix.raw(CrisisMix.mentions(11, 4_500, T0, true, 150), true)) {
                raw.pipeInput(r.key(), r.value(), r.timestamp());
            }
            for (TestRecord<String, byte[]> r : driver.createOutputTopic(Topics.ALERTS.name(), new StringDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList()) {
                Alert a = Topics.ALERTS.valueSerde().deserializer().deserialize(Topics.ALERTS.name(), r.value());
                out.add("alert " + r.key() + " " + r.timestamp() + " " + a.rule() + " " + canonical(r.value()));
            }
            for (TestRecord<String, byte[]> r : driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new StringDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList()) {
                DeadLetter dl = Topics.DEAD_LETTERS.valueSerde().deserializer().deserialize(Topics.DEAD_LETTERS.name(), r.value());
                out.add("dead " + r.key() + " " + r.timestamp() + " " + dl.sourceTopic() + " " + canonical(r.value()));
            }
            Digest enriched = new Digest();
            for (TestRecord<String, byte[]> r : driver.createOutputTopic(Topics.MENTIONS_ENRICHED.name(), new StringDeserializer(),
                    new ByteArrayDeserializer()).readRecordsToList()) {
                enriched.add(r.key() + " " + r.timestamp(), r.value());
            }
            out.add("enriched " + enriched);
            out.add("store " + MonitorTopology.SPIKE_STATE_STORE + " " + keyValues(driver.getKeyValueStore(
                    MonitorTopology.SPIKE_STATE_STORE), v -> Topologies.STATE_SERDE.toBytes((io.monitor.streams.topology.BrandState) v)));
            out.add("store " + MonitorTopology.CRISIS_STATE_STORE + " " + keyValues(driver.getKeyValueStore(
                    MonitorTopology.CRISIS_STATE_STORE), v -> CrisisTopology.STATE_SERDE.toBytes((io.monitor.streams.topology.CrisisState) v)));
            Digest panes = new Digest();
            WindowStore<String, ValueAndTimestamp<io.monitor.streams.topology.BrandWindow>> paneStore =
                    driver.getTimestampedWindowStore(MonitorTopology.SPIKE_WINDOWS_STORE);
            try (KeyValueIterator<Windowed<String>, ValueAndTimestamp<io.monitor.streams.topology.BrandWindow>> it = paneStore.all()) {
                while (it.hasNext()) {
                    KeyValue<Windowed<String>, ValueAndTimestamp<io.monitor.streams.topology.BrandWindow>> kv = it.next();
                    panes.add(kv.key.key() + " " + kv.key.window().start() + " " + kv.value.timestamp(),
                            Topologies.WINDOW_SERDE.toBytes(kv.value.value()));
                }
            }
            out.add("store " + MonitorTopology.SPIKE_WINDOWS_STORE + " " + panes);
        }
        return out;
    }

    /**
     * The JSON with every object's fields in name order: annotations are built in maps whose iteration order differs
     * from one JVM to the next ({@code Map.of}), so the order of fields is not an output property.
     */
    private static String canonical(byte[] json) {
        try {
            return Json.MAPPER.writeValueAsString(sorted(Json.MAPPER.readTree(json)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = Json.MAPPER.createObjectNode();
            java.util.TreeMap<String, JsonNode> fields = new java.util.TreeMap<>();
            n.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
            fields.forEach(out::set);
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = Json.MAPPER.createArrayNode();
            n.forEach(x -> out.add(sorted(x)));
            return out;
        }
        return n;
    }

    private static String keyValues(KeyValueStore<String, Object> store, java.util.function.Function<Object, byte[]> bytes) {
        Digest d = new Digest();
        try (KeyValueIterator<String, Object> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, Object> kv = it.next();
                d.add(kv.key, bytes.apply(kv.value));
            }
        }
        return d.toString();
    }

    /** Count and SHA-256 of a sequence of (label, JSON with fields in name order). */
    private static final class Digest {
        private final MessageDigest sha;
        private long count;

        Digest() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void add(String label, byte[] value) {
            count++;
            sha.update(label.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(value == null ? new byte[0] : canonical(value).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }

        @Override
        public String toString() {
            return count + " " + HexFormat.of().formatHex(sha.digest());
        }
    }

    private static List<String> readPinned() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = TopologyOutputsPinnedTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("#")) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }
}
