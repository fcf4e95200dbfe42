package io.monitor.core.config;

import java.nio.file.Path;

/**
 * Where Kafka is and how the product uses it.
 *
 * @param bootstrapServers  an existing cluster; when empty, {@code monitor run} starts an embedded broker
 * @param dataDir           where the embedded broker and the Streams state live (default {@code ./data})
 * @param embeddedPort      port of the embedded broker (default 9092; 0 picks a free one)
 * @param replicationFactor replication of the topics the product creates (1 locally, 3 on a cluster)
 * @param exactlyOnce       Streams processing guarantee exactly_once_v2 (true) or at_least_once
 * @param applicationId     Kafka Streams application id (the consumer group of all streams instances)
 * @param standbyReplicas   warm copies of each Streams store on other instances (0 to 5)
 * @param applicationServer {@code host:port} where other Streams instances reach this one's HTTP port for timeline
 *                          queries it owns; empty for a single instance
 */
public record KafkaSettings(String bootstrapServers, Path dataDir, Integer embeddedPort, Integer replicationFactor,
                            Boolean exactlyOnce, String applicationId, Integer standbyReplicas,
                            String applicationServer) {
    public KafkaSettings {
        bootstrapServers = bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers.trim();
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        embeddedPort = embeddedPort == null ? 9092 : embeddedPort;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        exactlyOnce = exactlyOnce == null ? Boolean.TRUE : exactlyOnce;
        applicationId = applicationId == null || applicationId.isBlank() ? "monitor-streams" : applicationId;
        standbyReplicas = standbyReplicas == null ? 0 : standbyReplicas;
        applicationServer = applicationServer == null || applicationServer.isBlank() ? null : applicationServer.trim();
        Check.range(standbyReplicas, 0, 5, "kafka.standbyReplicas");
        Check.require(applicationServer == null || applicationServer.matches("[^:/\\s]+:\\d{1,5}"),
                "kafka.applicationServer", "must be host:port, was '" + applicationServer + "'");
        Check.range(embeddedPort, 0, 65535, "kafka.embeddedPort");
        Check.range(replicationFactor, 1, 10, "kafka.replicationFactor");
    }

    /** A single-instance setting (no standbys, no application server), as tests and tools write it. */
    public KafkaSettings(String bootstrapServers, Path dataDir, Integer embeddedPort, Integer replicationFactor,
                         Boolean exactlyOnce, String applicationId) {
        this(bootstrapServers, dataDir, embeddedPort, replicationFactor, exactlyOnce, applicationId, null, null);
    }

    public static KafkaSettings defaults() {
        return new KafkaSettings(null, null, null, null, null, null, null, null);
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, dataDir, embeddedPort, replicationFactor, exactlyOnce, applicationId,
                standbyReplicas, applicationServer);
    }

    public KafkaSettings withDataDir(Path dir) {
        return new KafkaSettings(bootstrapServers, dir, embeddedPort, replicationFactor, exactlyOnce, applicationId,
                standbyReplicas, applicationServer);
    }
}
