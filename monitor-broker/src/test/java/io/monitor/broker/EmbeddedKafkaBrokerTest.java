package io.monitor.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration and start-up checks that need no running broker. */
class EmbeddedKafkaBrokerTest {
    @TempDir
    Path dir;

    @Test
    void serverProperties_configureOneNodeThatIsBrokerAndControllerWithSingleReplicaInternalTopics() {
        Map<String, String> p = EmbeddedKafkaBroker.serverProperties(dir, "127.0.0.1", 9092, 9093, Map.of());

        assertThat(p).containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("log.dirs", dir.toString())
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
    }

    @Test
    void serverProperties_overridesReplaceDefaults() {
        Map<String, String> p = EmbeddedKafkaBroker.serverProperties(dir, "127.0.0.1", 9092, 9093,
                Map.of("num.partitions", "12", "log.retention.hours", "1"));

        assertThat(p).containsEntry("num.partitions", "12").containsEntry("log.retention.hours", "1");
    }

    @Test
    void serverProperties_onAllInterfaces_advertiseLocalhost() {
        Map<String, String> p = EmbeddedKafkaBroker.serverProperties(dir, "0.0.0.0", 9092, 9093, Map.of());

        assertThat(p).containsEntry("listeners", "PLAINTEXT://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://localhost:9092");
    }

    @Test
    void givenPortTaken_whenStart_thenErrorNamesThePortAndHowToChangeIt() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir, port))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + port + " is in use: pass --kafka-port or set kafka.embeddedPort");
        }
        // nothing was formatted for a broker that could not start
        assertThat(dir.resolve(EmbeddedKafkaBroker.LOG_SUBDIR)).doesNotExist();
    }

    @Test
    void givenDirectoryLocked_whenLockedAgain_thenErrorSaysItIsInUse() {
        DirectoryLock first = DirectoryLock.acquire(dir);
        try {
            assertThatThrownBy(() -> DirectoryLock.acquire(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir + " is in use by another broker");
        } finally {
            first.close();
        }
        DirectoryLock.acquire(dir).close(); // released: can be taken again
    }

    @Test
    void readClusterId_readsMetaPropertiesOrNullWhenUnformatted() throws IOException {
        assertThat(EmbeddedKafkaBroker.readClusterId(dir)).isNull();

        Files.writeString(dir.resolve("meta.properties"), "version=1\ncluster.id=abcDEF\nnode.id=1\n");

        assertThat(EmbeddedKafkaBroker.readClusterId(dir)).isEqualTo("abcDEF");
    }

    @Test
    void start_rejectsAnImpossiblePort() {
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir, 70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    }
}
