package io.monitor.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Connector;
import io.monitor.ingest.ConnectorRunner;
import io.monitor.ingest.CursorStore;
import io.monitor.ingest.KafkaCursorStore;
import io.monitor.ingest.MentionPublisher;
import io.monitor.ingest.MentionSink;
import io.monitor.ingest.RetryPolicy;
import io.monitor.ingest.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The pieces of a connector's whole-run fault test on a real broker: the real {@link ConnectorRunner},
 * {@link MentionPublisher} and {@link KafkaCursorStore}, with two seeded decorators around them.
 *
 * <ul>
 *   <li>{@link FlakyAcks}: now and then Kafka takes a batch but the acknowledgement is "lost" (the publish call
 *       throws after the records were written), as when a broker answers after the producer's delivery timeout. The
 *       runner must keep its cursor and fetch again, so those mentions reach the topic twice: at-least-once, with
 *       downstream dedup by key as the design. Every such copy is counted, so the test can account for each
 *       duplicate.</li>
 *   <li>{@link CheckedCursors}: every cursor the runner stores must name only mentions whose publish call returned
 *       (was acknowledged); any other is recorded as a violation.</li>
 * </ul>
 *
 * A lost ack is never followed by another before a publish succeeded, and the servers' schedules allow at most two
 * faults in a row, so with {@link #RETRY} (5 retries) the runner must never give up (report DOWN).
 */
public final class FaultRun {
    /** The runner's policy in these tests: the default's 5 retries, with short waits so a run takes seconds. */
    public static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofMillis(50), Duration.ofMillis(400),
            Duration.ofSeconds(2));

    private FaultRun() {
    }

    /** The sink decorator that loses an acknowledgement now and then (seeded). */
    public static final class FlakyAcks implements MentionSink {
        private volatile MentionSink delegate;
        private final Random random;
        private final double lossRate;
        private boolean lastLost;
        /** Mention key to how many of its copies were written while the runner was told they were not. */
        public final Map<String, Integer> lostCopies = new ConcurrentHashMap<>();
        /**
         * Mention key to copies that may or may not be written: their publish was cut short by a process stop, or the
         * cursor after them was (so the next process may fetch and publish them again).
         */
        public final Map<String, Integer> uncertainCopies = new ConcurrentHashMap<>();
        /** Keys whose publish call returned: acknowledged. */
        public final Set<String> acked = ConcurrentHashMap.newKeySet();
        public volatile int lostBatches;
        /** Keys acknowledged since the last cursor was stored: published again if the next cursor is lost. */
        private final List<String> ackedSinceCursor = new ArrayList<>();

        /** Shared by the processes of one run (so the accounting spans restarts); each binds its own publisher. */
        public FlakyAcks(long seed, double lossRate) {
            this.random = new Random(seed);
            this.lossRate = lossRate;
        }

        FlakyAcks bind(MentionSink publisher) {
            this.delegate = publisher;
            return this;
        }

        @Override
        public synchronized void publish(List<Mention> mentions, List<DeadLetter> deadLetters)
                throws InterruptedException {
            try {
                delegate.publish(mentions, deadLetters);
            } catch (InterruptedException | RuntimeException e) {
                // the process stops mid-publish: the batch may or may not be in Kafka, and the cursor stays
                mentions.forEach(m -> uncertainCopies.merge(m.key(), 1, Integer::sum));
                throw e;
            }
            // the first batch with mentions always loses its ack (so every run covers it), later ones by chance
            if (!lastLost && !mentions.isEmpty() && (lostBatches == 0 || random.nextDouble() < lossRate)) {
                lastLost = true;
                lostBatches++;
                mentions.forEach(m -> lostCopies.merge(m.key(), 1, Integer::sum));
                throw new PublishException("acknowledgement lost (simulated by the test)", null);
            }
            lastLost = false;
            mentions.forEach(m -> acked.add(m.key()));
            mentions.forEach(m -> ackedSinceCursor.add(m.key()));
        }

        /**
         * A cursor store call was cut short by a process stop: the cursor may not be stored, and then the next process
         * fetches everything acknowledged since the last stored cursor again (published once more, by design).
         */
        synchronized void cursorMaybeLost() {
            ackedSinceCursor.forEach(k -> uncertainCopies.merge(k, 1, Integer::sum));
            ackedSinceCursor.clear();
        }

        synchronized void cursorStored() {
            ackedSinceCursor.clear();
        }

        @Override
        public void health(ConnectorHealth health) {
            delegate.health(health);
        }

        /** Whether {@code copies} holds every key of {@code keys} once plus once per lost acknowledgement. */
        public boolean allCopiesIn(Map<String, Integer> copies, Set<String> keys) {
            return keys.stream().allMatch(k -> copies.getOrDefault(k, 0) >= 1 + lostCopies.getOrDefault(k, 0));
        }

        /** Waits until every key of {@code keys} was published with an acknowledgement (lost ones retried). */
        public void awaitAcked(Set<String> keys, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!acked.containsAll(keys)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not every post was acknowledged within " + timeout);
                }
                Thread.sleep(50);
            }
        }
    }

    /** The cursor store decorator that checks every stored cursor against what was acknowledged. */
    public static final class CheckedCursors implements CursorStore {
        private volatile CursorStore delegate;
        private final FlakyAcks acks;
        private final Function<String, Set<String>> keysOf;
        public final List<String> violations = new CopyOnWriteArrayList<>();
        public final List<String> saved = new CopyOnWriteArrayList<>();

        /** {@code keysOf} reads the mention keys a cursor counts as done. */
        public CheckedCursors(FlakyAcks acks, Function<String, Set<String>> keysOf) {
            this.acks = acks;
            this.keysOf = keysOf;
        }

        CheckedCursors bind(CursorStore store) {
            this.delegate = store;
            return this;
        }

        @Override
        public Optional<String> load(String connectorId) {
            return delegate.load(connectorId);
        }

        @Override
        public void save(String connectorId, String cursor) throws InterruptedException {
            for (String key : keysOf.apply(cursor)) {
                if (!acks.acked.contains(key)) {
                    violations.add(key + " in cursor " + cursor);
                }
            }
            try {
                delegate.save(connectorId, cursor);
            } catch (InterruptedException | RuntimeException e) {
                acks.cursorMaybeLost();
                throw e;
            }
            acks.cursorStored();
            saved.add(cursor);
        }
    }

    /**
     * One ingest process: the runner of {@code connector} on its own thread, publishing through {@code acks}
     * (around a real publisher) and storing cursors in Kafka through a {@link CheckedCursors}. Closing it is a
     * process stop, so a second instance on the same connector id is a restart from the cursor in Kafka.
     */
    public static final class Process implements AutoCloseable {
        private final KafkaCursorStore store;
        private final MentionPublisher publisher;
        private final Connector connector;
        private final Thread thread;

        public Process(String bootstrap, Connector connector, FlakyAcks acks, CheckedCursors cursors) {
            this.store = KafkaCursorStore.open(bootstrap);
            this.publisher = new MentionPublisher(bootstrap);
            this.connector = connector;
            Clock clock = Clock.systemUTC();
            thread = new Thread(new ConnectorRunner(connector, acks.bind(publisher), cursors.bind(store), RETRY,
                    clock, Sleeper.SYSTEM, new SimpleMeterRegistry()), "fault-run-" + connector.id());
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
            connector.close();
            publisher.close();
            store.close();
        }
    }

    /** Copies per mention key among {@code records} whose key starts with {@code prefix}. */
    public static Map<String, Integer> copies(List<ConsumerRecord<String, Mention>> records, String prefix) {
        Map<String, Integer> out = new HashMap<>();
        for (ConsumerRecord<String, Mention> r : records) {
            if (r.value() != null && r.value().key().startsWith(prefix)) {
                out.merge(r.value().key(), 1, Integer::sum);
            }
        }
        return out;
    }

    /**
     * The checks every whole-run fault test makes: every expected key arrived, each exactly once plus the copies of
     * lost acknowledgements, nothing else; no stored cursor ran ahead of an acknowledgement; the runner never gave up.
     */
    public static void assertDelivered(Set<String> expected, Map<String, Integer> copies, FlakyAcks acks,
                                       CheckedCursors cursors, List<ConsumerRecord<String, ConnectorHealth>> health,
                                       String connectorId) {
        assertThat(copies.keySet()).as("keys on the raw topic").isEqualTo(expected);
        List<String> wrong = new ArrayList<>();
        for (String k : expected) {
            int min = 1 + acks.lostCopies.getOrDefault(k, 0);
            int max = min + acks.uncertainCopies.getOrDefault(k, 0);
            int got = copies.getOrDefault(k, 0);
            if (got < min || got > max) {
                wrong.add(k + ": " + got + " copies, expected " + (min == max ? min : min + " to " + max));
            }
        }
        assertThat(wrong).as("copies per key: once, plus once per lost acknowledgement (%d batches), plus at most once "
                + "per publish or cursor store cut short by a process stop (%d mentions)", acks.lostBatches,
                acks.uncertainCopies.size()).isEmpty();
        assertThat(cursors.violations).as("cursor entries stored before their mentions were acknowledged").isEmpty();
        assertThat(cursors.saved).as("cursors stored").isNotEmpty();
        List<String> down = new ArrayList<>();
        for (ConsumerRecord<String, ConnectorHealth> r : health) {
            ConnectorHealth h = r.value();
            if (h != null && h.connectorId().equals(connectorId) && h.status() == ConnectorHealth.Status.DOWN
                    && !"stopped".equals(h.detail())) {
                down.add(h.detail());
            }
        }
        assertThat(down).as("heartbeats saying the connector gave up (DOWN)").isEmpty();
    }

    /** The dead letters of {@code connectorId} among {@code records}. */
    public static List<DeadLetter> deadLetters(List<ConsumerRecord<String, DeadLetter>> records, String connectorId) {
        return records.stream().map(ConsumerRecord::value)
                .filter(d -> d != null && connectorId.equals(d.sourceTopic())).toList();
    }

    /** The "stopped" heartbeats of {@code connectorId} (one per process stop). */
    public static long stops(List<ConsumerRecord<String, ConnectorHealth>> records, String connectorId) {
        return records.stream().map(ConsumerRecord::value).filter(h -> h != null
                && connectorId.equals(h.connectorId()) && "stopped".equals(h.detail())).count();
    }
}
