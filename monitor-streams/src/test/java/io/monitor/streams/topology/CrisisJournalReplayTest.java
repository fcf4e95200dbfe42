package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.DetectionSettings;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Sentiment;
import io.monitor.streams.MonitorTopology;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A crash between two snapshots of the crisis rules' state loses nothing: at many points of a run (inside an epoch,
 * just after a tick's snapshot, just after a brand's early snapshot when its epoch was full) a new processor is
 * started on exactly what the stores held then (the snapshot store and the journal: what the last commit would have
 * made durable) and compared with the processor that carried on. The rebuilt state of every brand equals the
 * uninterrupted one (the JSON of {@link CrisisState}, and the journal bookkeeping of the epoch), and from there on both
 * publish exactly the same alerts and end with the same stores.
 *
 * <p>The run: two brands over six minutes of event time, a mention every 50-450 ms: negative complaints in varied
 * words, a copy-paste campaign (one text with small changes from many authors), reposts, positive and neutral
 * mentions, and negative posts of high-reach authors (FIRING at once, RESOLVED later at a tick). The journal
 * capacity is 8 negative mentions per brand and epoch, so brands are also snapshotted early.
 */
class CrisisJournalReplayTest {
    private static final long T0 = Instant.parse("2026-11-27T08:00:00Z").toEpochMilli();
    private static final long ADVANCE = 10_000;
    private static final int CAPACITY = 8;
    private static final DetectionSettings SETTINGS = new DetectionSettings(Duration.ofMinutes(1),
            Duration.ofMillis(ADVANCE), 10, 5, 3.0, Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(1),
            Duration.ZERO, Duration.ofSeconds(30), Duration.ofHours(1));

    /** One processor on its own in-memory stores, driven as a stream task drives it (stream-time ticks). */
    private static final class Task {
        final MockProcessorContext<String, CrisisProcessor.Out> context = new MockProcessorContext<>();
        final KeyValueStore<String, CrisisState> snapshots = store(MonitorTopology.CRISIS_STATE_STORE,
                CrisisTopology.STATE_SERDE);
        final KeyValueStore<String, byte[]> journal = store(MonitorTopology.CRISIS_JOURNAL_STORE, Serdes.ByteArray());
        final CrisisProcessor processor = new CrisisProcessor(MonitorTopology.CRISIS_STATE_STORE,
                MonitorTopology.CRISIS_JOURNAL_STORE, MonitorTopology.CONNECTOR_HEALTH_STORE, SETTINGS, List.of(),
                Map.of(), new TopologyMetrics(new SimpleMeterRegistry()), CAPACITY);
        long nextTick;

        Task(Map<String, CrisisState> snapshotContent, Map<String, byte[]> journalContent, long nextTick) {
            store(MonitorTopology.CONNECTOR_HEALTH_STORE, Serdes.ByteArray()); // no heartbeats
            snapshotContent.forEach(snapshots::put);
            journalContent.forEach(journal::put);
            this.nextTick = nextTick;
            context.setCurrentSystemTimeMs(T0); // the wall clock stands still: only stream-time ticks
            processor.init(context);
        }

        private <V> KeyValueStore<String, V> store(String name, org.apache.kafka.common.serialization.Serde<V> serde) {
            KeyValueStore<String, V> s = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                    serde).withLoggingDisabled().withCachingDisabled().build();
            s.init(context.getStateStoreContext(), s);
            context.addStateStore(s);
            return s;
        }

        /** The record, then the stream-time tick if stream time reached it (aligned to the advance, as Kafka's). */
        void process(Record<String, BrandMention> r) {
            processor.process(r);
            if (r.timestamp() >= nextTick) {
                context.scheduledPunctuators().stream().filter(p -> p.getType() == PunctuationType.STREAM_TIME)
                        .findFirst().orElseThrow().getPunctuator().punctuate(r.timestamp());
                nextTick = r.timestamp() - Math.floorMod(r.timestamp(), ADVANCE) + ADVANCE;
            }
        }

        /** Alert records forwarded so far: key and canonical JSON. */
        List<String> alerts() {
            List<String> out = new ArrayList<>();
            for (MockProcessorContext.CapturedForward<? extends String, ? extends CrisisProcessor.Out> f : context.forwarded()) {
                out.add(f.record().key() + " " + f.record().timestamp() + " "
                        + json(Topics.ALERTS.valueSerde().serializer().serialize("t", f.record().value().alert())));
            }
            return out;
        }
    }

    /** A crash point: what the stores held, the states the uninterrupted processor held, and its alerts so far. */
    private record Point(int index, String why, Map<String, CrisisState> snapshots, Map<String, byte[]> journal,
                         Map<String, JsonNode> states, Map<String, String> bookkeeping, long nextTick, int alertsSoFar) {
    }

    @Test
    void givenACrashAtAnyPointBetweenSnapshots_whenANewProcessorLoadsSnapshotAndJournal_thenItHoldsTheSameStateAndPublishesTheSameAlerts() {
        List<Record<String, BrandMention>> run = run(new Random(20261127L), 1500);
        Task live = new Task(Map.of(), Map.of(), 0);
        List<Point> points = new ArrayList<>();
        long epochsBefore = 0;
        for (int i = 0; i < run.size(); i++) {
            live.process(run.get(i));
            long epochs = epochs(live);
            String why = i % 97 == 13 ? "inside an epoch" : epochs > epochsBefore + 1 ? "after a tick's snapshots"
                    : epochs == epochsBefore + 1 && run.get(i).timestamp() < live.nextTick - 1 ? "after an early snapshot" : null;
            epochsBefore = epochs;
            if (why != null && points.stream().filter(p -> p.why().equals(why)).count() < 8) {
                points.add(new Point(i, why, content(live.snapshots), content(live.journal), states(live),
                        bookkeeping(live), live.nextTick, live.alerts().size()));
            }
        }
        List<String> allAlerts = live.alerts();
        assertThat(points).extracting(Point::why).as("crash points of each kind")
                .contains("inside an epoch", "after a tick's snapshots", "after an early snapshot");
        assertThat(allAlerts).as("the run publishes high-reach and copy-paste alerts, FIRING and RESOLVED")
                .anyMatch(a -> a.contains("\"high_reach_author\"") && a.contains("\"FIRING\""))
                .anyMatch(a -> a.contains("\"high_reach_author\"") && a.contains("\"RESOLVED\""))
                .anyMatch(a -> a.contains("\"copy_paste_storm\""));
        JsonNode last = states(live).get("alpha");
        assertThat(last.get("clusters").get("clusters").size()).as("copy clusters").isGreaterThan(0);
        assertThat(last.get("recent").size()).as("recent negative posts").isEqualTo(CrisisState.RECENT);

        for (int k = 0; k < points.size(); k++) {
            Point p = points.get(k);
            Task restarted = new Task(p.snapshots(), p.journal(), p.nextTick());
            if (k % 2 == 0) {
                restarted.processor.loadAll(); // as the first tick loads: every brand of the stores at once
            } // else each brand as its first mention (or here, the comparison) asks for it
            for (String brand : p.states().keySet()) {
                assertThat(json(CrisisTopology.STATE_SERDE.toBytes(restarted.processor.stateOf(brand))))
                        .as("state of %s rebuilt after mention %d (%s)", brand, p.index(), p.why())
                        .isEqualTo(p.states().get(brand));
            }
            assertThat(bookkeeping(restarted)).as("journal bookkeeping after mention %d (%s)", p.index(), p.why())
                    .isEqualTo(p.bookkeeping());
            assertThat(restarted.alerts()).as("a load publishes nothing again").isEmpty();
            for (int i = p.index() + 1; i < run.size(); i++) {
                restarted.process(run.get(i));
            }
            assertThat(restarted.alerts()).as("alerts after a crash at mention %d (%s)", p.index(), p.why())
                    .isEqualTo(allAlerts.subList(p.alertsSoFar(), allAlerts.size()));
            assertThat(states(restarted)).as("states at the end after a crash at mention %d", p.index())
                    .isEqualTo(states(live));
        }
    }

    @Test
    void givenAnUnreadableJournalEntry_whenLoaded_thenItIsSkippedAndTheOtherEntriesAreReplayed() {
        List<Record<String, BrandMention>> run = run(new Random(7L), 40).stream()
                .filter(r -> r.timestamp() < T0 + ADVANCE - 1).toList(); // one epoch, no tick after the first
        Task live = new Task(Map.of(), Map.of(), 0);
        run.forEach(live::process);
        Map<String, byte[]> journal = content(live.journal);
        String broken = journal.keySet().stream().filter(k -> k.startsWith("alpha\u0000N")).findFirst().orElseThrow();
        journal.put(broken, new byte[] {9, 9, 9});
        Task restarted = new Task(content(live.snapshots), journal, live.nextTick);
        CrisisState st = restarted.processor.stateOf("alpha");
        CrisisState full = live.processor.stateOf("alpha");
        assertThat(st.recent).as("the negative posts but the unreadable one").hasSize(full.recent.size() - 1);
        assertThat(st.volume).isEqualTo(full.volume);
    }

    // ------------------------------------------------------------------ the run

    private static final String[] COMPLAINTS = {
            "Nordbahn schon wieder kaputt, Zug fällt aus und niemand sagt etwas",
            "terrible delay again, the app crashed and support never answers",
            "Stellwerk Störung seit Stunden, wann kommt endlich eine Durchsage",
            "refund still missing after three weeks, worst service ever",
            "Klimaanlage kaputt im ganzen Zug, das ist eine Zumutung #hitze",
    };
    private static final String CAMPAIGN = "Boykottiert die Nordbahn bis sie die Preise senkt und die Pendler ernst nimmt";

    /** Mentions of brands alpha and beta in event-time order; every pane has mentions of both. */
    static List<Record<String, BrandMention>> run(Random r, int n) {
        List<Record<String, BrandMention>> out = new ArrayList<>();
        long t = T0 + 1;
        for (int i = 0; i < n; i++) {
            t += 50 + r.nextInt(400);
            String brand = i % 2 == 0 ? "alpha" : "beta";
            int kind = r.nextInt(20);
            BrandMention m;
            if (kind < 7) { // neutral or positive
                m = new BrandMention(kind < 4 ? Sentiment.Label.NEUTRAL : Sentiment.Label.POSITIVE, 0.4, r.nextInt(500),
                        r.nextInt(9), null, null, "bluesky", "fan" + r.nextInt(50), false, List.of("zug", "danke"));
            } else if (kind < 13) { // a complaint in varied words
                String text = COMPLAINTS[r.nextInt(COMPLAINTS.length)] + " " + r.nextInt(1000);
                m = negative(text, "user" + r.nextInt(80), r.nextInt(3000), r.nextInt(6) == 0);
            } else if (kind < 19 || r.nextInt(4) > 0) { // the campaign, from many authors, in the second half
                String text = i > n / 2 ? CAMPAIGN + (r.nextBoolean() ? "" : " jetzt") : COMPLAINTS[0] + " " + r.nextInt(99);
                m = negative(text, "camp" + r.nextInt(200), r.nextInt(1000), false);
            } else { // a high-reach author
                m = negative(COMPLAINTS[r.nextInt(COMPLAINTS.length)] + " (Eilmeldung)", "news" + r.nextInt(6),
                        150_000 + r.nextInt(2_000_000), false);
            }
            out.add(new Record<>(brand, m, t));
        }
        return out;
    }

    private static BrandMention negative(String text, String author, long followers, boolean repost) {
        return new BrandMention(Sentiment.Label.NEGATIVE, -0.7, followers, 3, text,
                "https://bsky.app/profile/" + author + "/post/" + Math.abs(text.hashCode()), "bluesky", author, repost);
    }

    // ------------------------------------------------------------------ helpers

    private static long epochs(Task task) {
        long sum = 0;
        for (String brand : List.of("alpha", "beta")) {
            CrisisState s = task.snapshots.get(brand);
            sum += s == null ? 0 : s.epoch;
        }
        return sum;
    }

    private static Map<String, JsonNode> states(Task task) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String brand : List.of("alpha", "beta")) {
            out.put(brand, json(CrisisTopology.STATE_SERDE.toBytes(task.processor.stateOf(brand))));
        }
        return out;
    }

    private static Map<String, String> bookkeeping(Task task) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String brand : List.of("alpha", "beta")) {
            CrisisState s = task.processor.stateOf(brand);
            out.put(brand, "slot " + s.slot + " volume " + (s.epochVolume == null ? Map.of() : s.epochVolume));
        }
        return out;
    }

    private static <V> Map<String, V> content(KeyValueStore<String, V> store) {
        Map<String, V> out = new LinkedHashMap<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                // the snapshot through its serde: the restarted processor must not share the live one's objects
                out.put(kv.key, kv.value instanceof CrisisState s
                        ? (V) CrisisTopology.STATE_SERDE.fromBytes(CrisisTopology.STATE_SERDE.toBytes(s)) : kv.value);
            }
        }
        return out;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
