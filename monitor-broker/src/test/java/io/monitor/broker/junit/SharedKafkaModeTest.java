package io.monitor.broker.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.broker.junit.SharedKafka.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedKafkaModeTest {
    @TempDir
    Path home;

    @Test
    void modeIsAutoUnlessPropertyOrEnvironmentSaysOtherwise_propertyFirst() {
        assertThat(Mode.from(null, null)).isEqualTo(Mode.AUTO);
        assertThat(Mode.from(" ", "")).isEqualTo(Mode.AUTO);
        assertThat(Mode.from("embedded", null)).isEqualTo(Mode.EMBEDDED);
        assertThat(Mode.from(null, "Testcontainers")).isEqualTo(Mode.TESTCONTAINERS);
        assertThat(Mode.from("embedded", "testcontainers")).isEqualTo(Mode.EMBEDDED);
    }

    @Test
    void unknownModeIsRejectedWithTheAllowedValues() {
        assertThatThrownBy(() -> Mode.from("docker", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("monitor.test.kafka=docker is not one of auto, embedded, testcontainers");
    }

    @Test
    void autoUsesTestcontainersOnlyWhenDockerAnswers_forcedModesDoNotAsk() {
        assertThat(Mode.AUTO.resolve(() -> true)).isEqualTo(Mode.TESTCONTAINERS);
        assertThat(Mode.AUTO.resolve(() -> false)).isEqualTo(Mode.EMBEDDED);
        assertThat(Mode.EMBEDDED.resolve(() -> {
            throw new AssertionError("must not probe Docker");
        })).isEqualTo(Mode.EMBEDDED);
        assertThat(Mode.TESTCONTAINERS.resolve(() -> false)).isEqualTo(Mode.TESTCONTAINERS);
    }

    @Test
    void dockerIsConsideredConfiguredByDockerHostOrATestcontainersFileInHome() throws IOException {
        assertThat(SharedKafka.dockerConfigured(Map.of("DOCKER_HOST", "tcp://build:2375"), home)).isTrue();

        Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=tcp://build:2375\n");

        assertThat(SharedKafka.dockerConfigured(Map.of(), home)).isTrue();
    }

    @Test
    void dockerIsConsideredConfiguredByARootlessSocket() throws IOException {
        Path xdg = Files.createDirectories(home.resolve("run"));
        Files.createFile(xdg.resolve("docker.sock"));

        assertThat(SharedKafka.dockerConfigured(Map.of("XDG_RUNTIME_DIR", xdg.toString()), home)).isTrue();
    }
}
