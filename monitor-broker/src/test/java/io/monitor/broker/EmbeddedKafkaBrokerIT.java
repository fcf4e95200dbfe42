package io.monitor.broker;

import static io.monitor.broker.KafkaTestClients.createTopic;
import static io.monitor.broker.KafkaTestClients.producer;
import static io.monitor.broker.KafkaTestClients.readCommitted;
import static io.monitor.broker.KafkaTestClients.send;
import static io.monitor.broker.KafkaTestClients.topics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker against real Kafka clients: exactly-once producing, restarts that keep the data, misuse. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EmbeddedKafkaBrokerIT {
    @TempDir
    Path dir;

    @Test
    void idempotentAndTransactionalRecordsAreReadCommitted_abortedOnesAreNot() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
            String bootstrap = broker.bootstrapServers();
            createTopic(bootstrap, "orders", 2);

            try (KafkaProducer<String, String> idempotent = producer(bootstrap, null)) {
                send(idempotent, "orders", "plain-1", "plain-2");
            }
            try (KafkaProducer<String, String> tx = producer(bootstrap, "it-tx")) {
                tx.initTransactions();
                tx.beginTransaction();
                send(tx, "orders", "committed-1", "committed-2");
                tx.commitTransaction();
                tx.beginTransaction();
                send(tx, "orders", "aborted-1");
                tx.abortTransaction();
            }

            assertThat(readCommitted(bootstrap, "orders"))
                    .containsExactlyInAnyOrder("plain-1", "plain-2", "committed-1", "committed-2");
        }
    }

    @Test
    void closeAndStartAgainOnTheSameDirectoryAndPort_keepsTopicsRecordsAndClusterId() throws Exception {
        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dir, 0);
        int port = first.port();
        String clusterId = first.clusterId();
        long firstStartMs = first.startupTime().toMillis();
        createTopic(first.bootstrapServers(), "kept", 1);
        try (KafkaProducer<String, String> p = producer(first.bootstrapServers(), null)) {
            send(p, "kept", "before-restart");
        }
        long t0 = System.nanoTime();
        first.close();
        long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(dir, port)) {
            assertThat(second.bootstrapServers()).isEqualTo(first.bootstrapServers());
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(topics(second.bootstrapServers())).contains("kept");
            assertThat(readCommitted(second.bootstrapServers(), "kept")).containsExactly("before-restart");

            try (KafkaProducer<String, String> p = producer(second.bootstrapServers(), null)) {
                send(p, "kept", "after-restart");
            }
            second.restart();
            assertThat(second.isRunning()).isTrue();
            assertThat(readCommitted(second.bootstrapServers(), "kept"))
                    .containsExactly("before-restart", "after-restart");
            // a figure for the report, not an assertion
            System.out.printf("embedded broker: first start %d ms, close %d ms, restart on existing data %d ms%n",
                    firstStartMs, closeMs, second.startupTime().toMillis());
        }
    }

    @Test
    void closeIsIdempotentAndSafeFromSeveralThreads() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0);
        CompletableFuture<Void> other = CompletableFuture.runAsync(broker::close);
        broker.close();
        other.get(30, TimeUnit.SECONDS);
        broker.close();

        assertThat(broker.isRunning()).isFalse();
        // the directory lock and the port were released: the directory can be used again
        EmbeddedKafkaBroker.start(dir, broker.port()).close();
    }

    @Test
    void aSecondBrokerOnARunningBrokersDirectoryOrPortIsRefusedWithoutHarmingIt(@TempDir Path other)
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0)) {
            createTopic(broker.bootstrapServers(), "survivor", 1);

            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir, 0))
                    .hasMessageContaining("is in use by another broker");
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(other, broker.port()))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + broker.port() + " is in use: pass --kafka-port or set kafka.embeddedPort");

            assertThat(topics(broker.bootstrapServers())).contains("survivor");
        }
    }
}
