package io.monitor.backtest;

import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Mention;
import io.monitor.streams.MonitorTopology;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * {@code monitor backtest mentions}: replays a JSONL file of mentions (one {@link Mention} per line, the JSON of
 * {@link Topics#MENTIONS_RAW}) through the real topology, {@link MonitorTopology#build(MonitorSettings)}, in a
 * {@link TopologyTestDriver}, each record stamped with its {@code createdAt}, and prints the alerts it would have
 * raised, in order, with their times. A line that is not a valid mention is reported with its line number and skipped.
 */
public final class MentionsBacktest {
    private MentionsBacktest() {
    }

    /** A bad input line. */
    public record BadLine(int line, String problem) {
    }

    /**
     * What the replay produced.
     *
     * @param replayed   mentions piped into the topology
     * @param bad        lines skipped
     * @param alerts     every alert record (firing, updated, resolved) in output order
     * @param deadLetters records the topology itself sent to the dead-letter topic
     */
    public record Outcome(int replayed, List<BadLine> bad, List<Alert> alerts, int deadLetters) {
        /** Distinct incidents (fingerprints) that fired. */
        public long incidents() {
            return alerts.stream().map(Alert::fingerprint).distinct().count();
        }
    }

    public static Outcome run(Path input, MonitorSettings settings, PrintStream out, PrintStream err) {
        return run(input, MonitorTopology.build(settings), out, err);
    }

    /**
     * Replays through any topology built by {@link MonitorTopology} (tests may pass one with a fixed scorer). Streams
     * the file: memory does not grow with its length. Records are piped in file order, as a connector would have
     * published them; the topology's grace period absorbs mentions that are slightly out of order.
     */
    public static Outcome run(Path input, Topology topology, PrintStream out, PrintStream err) {
        List<BadLine> bad = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        int replayed = 0;
        int dead = 0;
        Path stateDir;
        try {
            stateDir = Files.createTempDirectory("monitor-backtest-state");
        } catch (IOException e) {
            throw new BacktestException("cannot create a temporary state directory: " + e.getMessage());
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitor-backtest");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "backtest:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        TopologyTestDriver driver = null;
        try (BufferedReader r = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
            TestInputTopic<String, byte[]> raw = null;
            TestOutputTopic<String, Alert> alertTopic = null;
            TestOutputTopic<String, ?> deadTopic = null;
            Instant wall = null;
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                Mention m;
                try {
                    m = Topics.MENTION_SERDE.fromBytes(bytes);
                } catch (SerializationException e) {
                    bad.add(new BadLine(n, e.getMessage()));
                    err.println(input + ": line " + n + " skipped: " + e.getMessage());
                    continue;
                }
                if (driver == null) {
                    // The driver's wall clock starts at the first mention's time, so punctuations follow replayed time.
                    wall = m.createdAt();
                    driver = new TopologyTestDriver(topology, props, wall);
                    raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new StringSerializer(), new ByteArraySerializer());
                    alertTopic = driver.createOutputTopic(Topics.ALERTS.name(), Topics.ALERTS.keySerde().deserializer(),
                            Topics.ALERTS.valueSerde().deserializer());
                    deadTopic = driver.createOutputTopic(Topics.DEAD_LETTERS.name(),
                            Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer());
                }
                if (m.createdAt().isAfter(wall)) {
                    driver.advanceWallClockTime(Duration.between(wall, m.createdAt()));
                    wall = m.createdAt();
                }
                raw.pipeInput(new TestRecord<>(m.key(), bytes, m.createdAt()));
                replayed++;
                for (TestRecord<String, Alert> a : alertTopic.readRecordsToList()) {
                    alerts.add(a.value());
                }
                dead += deadTopic.readRecordsToList().size();
            }
        } catch (IOException e) {
            throw new BacktestException("cannot read " + input + ": " + e.getMessage());
        } finally {
            if (driver != null) {
                driver.close();
            }
            deleteQuietly(stateDir);
        }
        Outcome outcome = new Outcome(replayed, List.copyOf(bad), List.copyOf(alerts), dead);
        print(outcome, out);
        return outcome;
    }

    static void print(Outcome o, PrintStream out) {
        out.printf(Locale.ROOT, "replayed %d mention(s)%s%n", o.replayed(),
                o.bad().isEmpty() ? "" : ", skipped " + o.bad().size() + " bad line(s)");
        Map<String, Alert> last = new LinkedHashMap<>();
        for (Alert a : o.alerts()) {
            out.printf(Locale.ROOT, "%s  %-8s %-12s %-8s %s%n", a.updatedAt(), a.state(), a.brand(), a.severity(),
                    a.annotations().getOrDefault(Alert.ANNOTATION_SUMMARY, ""));
            last.put(a.fingerprint(), a);
        }
        out.printf(Locale.ROOT, "%d incident(s)%n", last.size());
        for (Alert a : last.values()) {
            out.printf(Locale.ROOT, "  %s %s (%s): started %s, %s%n", a.brand(), a.rule(), a.fingerprint(), a.startsAt(),
                    a.state() == Alert.State.RESOLVED ? "resolved " + a.endsAt() : "still firing at the end of the input");
        }
        if (o.deadLetters() > 0) {
            out.printf(Locale.ROOT, "%d record(s) went to the dead-letter topic%n", o.deadLetters());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
