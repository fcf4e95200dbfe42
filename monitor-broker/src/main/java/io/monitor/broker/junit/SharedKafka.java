package io.monitor.broker.junit;

import io.monitor.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Kafka broker per test JVM, started on first use and stopped when the JVM exits.
 *
 * <pre>{@code
 * String bootstrap = SharedKafka.bootstrapServers();   // e.g. "127.0.0.1:41234"
 * }</pre>
 *
 * <p>Which broker: system property or environment variable {@code monitor.test.kafka}
 * ({@code MONITOR_TEST_KAFKA}): {@code auto} (default) uses Testcontainers' {@code KafkaContainer} when a Docker
 * engine answers and the embedded KRaft broker ({@link EmbeddedKafkaBroker}, in a temporary directory) otherwise;
 * {@code embedded} or {@code testcontainers} force one. The image is {@value TestcontainersKafka#DEFAULT_IMAGE}
 * unless {@code monitor.test.kafka.image} says otherwise.
 *
 * <p>Both brokers refuse to auto-create topics: tests create what they use (e.g. {@code TopicAdmin.ensureTopics}),
 * and should use their own topic names or consumer groups where they share the broker with other tests.
 * Testcontainers must be on the test classpath only when it is used (it is a {@code provided} dependency here).
 */
public final class SharedKafka {
    private static final Logger LOG = LoggerFactory.getLogger(SharedKafka.class);
    static final String PROPERTY = "monitor.test.kafka";
    static final String ENV = "MONITOR_TEST_KAFKA";
    private static final String QUIET_LOGGER = "org.slf4j.simpleLogger.log.org.apache.kafka.controller.QuorumController";

    /** Where the shared broker comes from. */
    public enum Mode {
        AUTO, EMBEDDED, TESTCONTAINERS;

        /** The mode named by the system property (first) or the environment variable; AUTO when neither is set. */
        static Mode from(String property, String env) {
            String v = property != null && !property.isBlank() ? property : env;
            if (v == null || v.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(v.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PROPERTY + "=" + v
                        + " is not one of auto, embedded, testcontainers", e);
            }
        }

        /** Resolves AUTO by asking whether Docker is there (asked only for AUTO). */
        Mode resolve(java.util.function.BooleanSupplier dockerAvailable) {
            if (this != AUTO) {
                return this;
            }
            return dockerAvailable.getAsBoolean() ? TESTCONTAINERS : EMBEDDED;
        }
    }

    private static String bootstrap; // guarded by SharedKafka.class
    private static Mode started;
    private static RuntimeException failure; // a broker that failed to start is not tried again by every test

    private SharedKafka() {
    }

    /** The bootstrap address of the shared broker, starting it on the first call. */
    public static synchronized String bootstrapServers() {
        if (failure != null) {
            throw new IllegalStateException("the shared test broker failed to start earlier: " + failure.getMessage(),
                    failure);
        }
        if (bootstrap == null) {
            long t0 = System.nanoTime();
            try {
                Mode mode = Mode.from(System.getProperty(PROPERTY), System.getenv(ENV))
                        .resolve(SharedKafka::dockerAvailable);
                bootstrap = mode == Mode.TESTCONTAINERS ? TestcontainersKafka.start() : startEmbedded();
                started = mode;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            LOG.info("shared Kafka ({}) at {} after {} ms", started.name().toLowerCase(Locale.ROOT), bootstrap,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        return bootstrap;
    }

    /** EMBEDDED or TESTCONTAINERS once started, null before. */
    public static synchronized Mode mode() {
        return started;
    }

    private static boolean dockerAvailable() {
        if (!dockerConfigured(System.getenv(), Path.of(System.getProperty("user.home", "/")))) {
            // Testcontainers would log an ERROR with its failed probes; nothing points to a Docker engine anyway.
            LOG.debug("no Docker socket or configuration found: using the embedded broker");
            return false;
        }
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, SharedKafka.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.debug("Testcontainers is not on the classpath: using the embedded broker");
            return false;
        }
        return TestcontainersKafka.dockerAvailable();
    }

    /**
     * Cheap pre-check before asking Testcontainers: is there any sign of a Docker engine (DOCKER_HOST, a Testcontainers
     * configuration, a Docker context, or a socket where Docker, Docker Desktop, Rancher, Colima or Podman put theirs)?
     * A false "no" only means the tests use the embedded broker, a real broker too; {@code testcontainers} mode skips
     * this check.
     */
    static boolean dockerConfigured(java.util.Map<String, String> env, Path home) {
        if (env.get("DOCKER_HOST") != null || System.getProperty("docker.host") != null
                || env.get("TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE") != null) {
            return true;
        }
        Stream<Path> candidates = Stream.of(Path.of("/var/run/docker.sock"), Path.of("/run/docker.sock"),
                home.resolve(".testcontainers.properties"), home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"), home.resolve(".rd/docker.sock"),
                home.resolve(".colima/default/docker.sock"), home.resolve(".colima/docker.sock"),
                home.resolve(".docker/contexts/meta"));
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null) {
            candidates = Stream.concat(candidates, Stream.of(Path.of(xdg, "docker.sock"),
                    Path.of(xdg, "podman/podman.sock")));
        }
        return candidates.anyMatch(Files::exists);
    }

    private static String startEmbedded() {
        // The controller logs a WARN on every fresh directory ("Performing controller activation. The metadata log
        // appears to be empty"), expected for a test broker. slf4j-simple reads per-logger levels from system
        // properties when the logger is first created; other bindings ignore this property.
        if (System.getProperty(QUIET_LOGGER) == null) {
            System.setProperty(QUIET_LOGGER, "error");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("monitor-test-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the test broker: " + e, e);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            deleteRecursively(dir);
        }, "shared-kafka-shutdown"));
        return broker.bootstrapServers();
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete the test broker directory {}: {}", dir, e.toString());
        }
    }
}
