package io.monitor.broker;

import static io.monitor.broker.KafkaTestClients.createTopic;
import static io.monitor.broker.KafkaTestClients.producer;
import static io.monitor.broker.KafkaTestClients.readCommitted;
import static io.monitor.broker.KafkaTestClients.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A broker in a child JVM survives SIGKILL: restarted on the same directory and port, acknowledged records remain. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaBrokerProcessIT {
    @TempDir
    Path dir;

    @Test
    void givenAcknowledgedRecords_whenBrokerProcessIsKilledAndRestarted_thenTheyAreStillThere() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir, 0)) {
            String bootstrap = broker.bootstrapServers();
            String firstReady = broker.readyLine();
            createTopic(bootstrap, "crash", 2);
            String[] values = IntStream.range(0, 50).mapToObj(i -> "v" + i).toArray(String[]::new);
            try (KafkaProducer<String, String> p = producer(bootstrap, null)) {
                send(p, "crash", values); // each send waits for acks=all
            }
            long pid = broker.pid();

            broker.kill();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(broker.isAlive()).isFalse();

            broker.restart();
            assertThat(broker.pid()).isNotEqualTo(pid);
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(readCommitted(bootstrap, "crash")).containsExactlyInAnyOrder(values);

            // the transaction coordinator works after the crash too
            try (KafkaProducer<String, String> tx = producer(bootstrap, "after-crash")) {
                tx.initTransactions();
                tx.beginTransaction();
                send(tx, "crash", "tx-after-crash");
                tx.commitTransaction();
            }
            assertThat(readCommitted(bootstrap, "crash")).hasSize(values.length + 1).contains("tx-after-crash");
            // figures for the report, not assertions
            System.out.printf("broker process: first %s%nbroker process: after SIGKILL %s%n", firstReady,
                    broker.readyLine());
        }
    }

    @Test
    void closeStopsTheChildCleanly() {
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir, 0, List.of("-Xmx256m"));
        long pid = broker.pid();

        broker.close();
        broker.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        // a clean stop released the directory and the port: an in-process broker can take over
        EmbeddedKafkaBroker.start(dir, broker.port()).close();
    }
}
