package io.monitor.broker.junit;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The only class that touches Testcontainers: {@link SharedKafka} loads it only when Docker is asked about or used,
 * so test modules without Testcontainers on their classpath never load it.
 */
final class TestcontainersKafka {
    static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";
    static final String IMAGE_PROPERTY = "monitor.test.kafka.image";

    private TestcontainersKafka() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook (and by Testcontainers' Ryuk if the JVM dies)
    static String start() {
        String image = System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE);
        KafkaContainer kafka = new KafkaContainer(image)
                // the same behaviour as the embedded broker, so a test passes or fails the same way on both
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_NUM_PARTITIONS", "4")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        try {
            kafka.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the Kafka container " + image + " (" + e.getMessage()
                    + "); without Docker run the tests with -Dmonitor.test.kafka=embedded", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "shared-kafka-container-stop"));
        return kafka.getBootstrapServers();
    }
}
