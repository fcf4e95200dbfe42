package io.monitor.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.streams.StreamsService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timeline: the streams role runs in a child JVM while a known run of about 3,900 mentions (one storm) is sent; a
 * third of the way in it is killed with SIGKILL (no commit, no close, its transaction left open) and started again on
 * the same state directory (in the test JVM, so the test can query its timelines). Afterwards every mention is in the enriched topic exactly once (read_committed), the storm
 * raised exactly one incident, and the timelines count each mention once.
 *
 * <p>The restarted instance gets its partitions only after the killed member's session times out (45 s by default
 * for Kafka Streams); that wait is most of this test's run time.
 */
class StreamsRoleKilledExactlyOnceIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void givenTheStreamsRoleKilledWithoutWarning_whenRestarted_thenEveryMentionIsCountedOnceAndOneIncidentIsRaised()
            throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String appId = "eos-kill-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Probes.startGroupAtEnd(admin, appId, Probes.partitions(admin, Topics.MENTIONS_RAW.name()));
        }
        Path state = dir.resolve("state");
        Path log = dir.resolve("streams-child.log");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (KafkaProducer<String, byte[]> producer = KnownRun.producer(bootstrap)) {
            StreamsRoleChild first = StreamsRoleChild.start(bootstrap, appId, state, log, Duration.ofSeconds(60));
            // the known run's clock starts now: sending is paced by the mentions' event times
            KnownRun timed = new KnownRun();
            AtomicInteger sent = new AtomicInteger();
            Future<?> sending = pool.submit(() -> {
                timed.send(producer, sent);
                return null;
            });
            KnownRun.await(() -> sent.get() > timed.mentions.size() / 3, Duration.ofSeconds(30), "a third sent");
            first.kill();
            // restarted on the same state directory, in this JVM so that the test can also read its timelines
            try (StreamsService streams = StreamsService.start(timed.settings(bootstrap, state, appId), bootstrap,
                    new SimpleMeterRegistry())) {
                sending.get(60, TimeUnit.SECONDS);
                KnownRun.Output out = timed.readOutput(bootstrap, Duration.ofSeconds(100), Duration.ofSeconds(3));
                timed.assertExactlyOnce(out);
                KnownRun.await(streams::isReady, Duration.ofSeconds(30), "streams RUNNING");
                timed.assertTimelinesCountEachMentionOnce(streams.timelines(), out);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
