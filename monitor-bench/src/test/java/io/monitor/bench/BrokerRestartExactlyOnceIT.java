package io.monitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.broker.KafkaBrokerProcess;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.streams.StreamsService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timeline: a known run of about 3,900 mentions in 20 s (three brands, one storm) flows through the real streams role
 * with exactly-once; a third of the way in, the broker (a child JVM) is killed with SIGKILL and started again on its
 * directory; the producer and Streams carry on. Afterwards every mention is in the enriched topic exactly once
 * (read_committed), the timelines count each once, and the storm raised exactly one incident.
 */
class BrokerRestartExactlyOnceIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void givenABrokerKilledAndRestartedMidRun_whenTheRunCompletes_thenEveryMentionIsCountedOnceAndOneIncidentIsRaised()
            throws Exception {
        KnownRun run = new KnownRun();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir.resolve("broker"), 0)) {
            String bootstrap = broker.bootstrapServers();
            TopicAdmin.ensureTopics(bootstrap);
            try (StreamsService streams = StreamsService.start(run.settings(bootstrap, dir.resolve("state"), "eos-broker-it"),
                    bootstrap, new SimpleMeterRegistry());
                 KafkaProducer<String, byte[]> producer = KnownRun.producer(bootstrap)) {
                KnownRun.await(streams::isReady, Duration.ofSeconds(60), "streams RUNNING");
                AtomicInteger sent = new AtomicInteger();
                Future<?> sending = pool.submit(() -> {
                    run.send(producer, sent);
                    return null;
                });
                KnownRun.await(() -> sent.get() > run.mentions.size() / 3, Duration.ofSeconds(30), "a third sent");

                broker.kill();
                Thread.sleep(1000);
                broker.restart();

                sending.get(90, TimeUnit.SECONDS);
                KnownRun.Output out = run.readOutput(bootstrap, Duration.ofSeconds(60), Duration.ofSeconds(3));
                run.assertExactlyOnce(out);
                KnownRun.await(streams::isReady, Duration.ofSeconds(30), "streams RUNNING after the restart");
                run.assertTimelinesCountEachMentionOnce(streams.timelines(), out);
                assertThat(out.enriched).isGreaterThan(3_000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
