package io.monitor.app;

import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SettingsLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every role shares: where the configuration is and where Kafka is. */
final class CommonOptions {
    static final Path DEFAULT_CONFIG = Path.of("config", "example.yaml");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration (brands, sources, detection, api, notifications). "
                    + "Default: $MONITOR_CONFIG, else config/example.yaml when it exists, else built-in defaults.")
    Path config;

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to use. Overrides kafka.bootstrapServers. "
                    + "For `run`, leaving it empty starts an embedded broker.")
    String bootstrapServers;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory for the embedded broker's log and the Streams state (kafka.dataDir, default ./data).")
    Path dataDir;

    MonitorSettings load() {
        Path file = config;
        if (file == null && System.getenv("MONITOR_CONFIG") != null) {
            file = Path.of(System.getenv("MONITOR_CONFIG"));
        }
        if (file == null && Files.isRegularFile(DEFAULT_CONFIG)) {
            file = DEFAULT_CONFIG;
        }
        MonitorSettings s = SettingsLoader.load(file);
        KafkaSettings k = s.kafka();
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            k = k.withBootstrapServers(bootstrapServers);
        }
        if (dataDir != null) {
            k = k.withDataDir(dataDir);
        }
        return s.withKafka(k);
    }

    /** For the single roles: a cluster is required. */
    static String requireBootstrap(MonitorSettings s, String role) {
        if (s.kafka().bootstrapServers() == null) {
            throw new io.monitor.core.config.SettingsException("kafka.bootstrapServers",
                    "`monitor " + role + "` needs a Kafka cluster: pass --bootstrap-servers or set kafka.bootstrapServers "
                            + "(or use `monitor run` to start an embedded broker)");
        }
        return s.kafka().bootstrapServers();
    }
}
