package io.monitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.kafka.Topic;
import io.monitor.core.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs deploy/kafka/create-topics.sh (what compose's kafka-init and the Kubernetes Job run) with bash against a real
 * broker ({@link SharedKafka}), with Kafka's own TopicCommand standing in for the image's kafka-topics.sh, and reads
 * back what it created. Replication 1: the test broker is a single node.
 */
class CreateTopicsScriptIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theScriptCreatesEveryTopicWithItsPartitionsAndConfigsAndCanRunAgain(@TempDir Path dir) throws Exception {
        String bootstrap = SharedKafka.bootstrapServers();
        Path kafkaTopics = dir.resolve("kafka-topics.sh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(kafkaTopics, "#!/bin/sh\nexec '" + java + "' -XX:TieredStopAtLevel=1 -cp '"
                + System.getProperty("java.class.path") + "' org.apache.kafka.tools.TopicCommand \"$@\"\n");
        Files.setPosixFilePermissions(kafkaTopics, PosixFilePermissions.fromString("rwx------"));

        String first = run(kafkaTopics, bootstrap);
        assertThat(first).contains(Topics.all().stream().map(Topic::name).toList());

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<String> names = Topics.all().stream().map(Topic::name).toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).collect(Collectors.toList()))
                    .all().get(30, TimeUnit.SECONDS);
            for (Topic<?, ?> t : Topics.all()) {
                assertThat(described.get(t.name()).partitions()).as(t.name()).hasSize(t.partitions());
                Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()));
                t.configs().forEach((k, v) -> assertThat(c.get(k).value()).as("%s %s", t.name(), k).isEqualTo(v));
            }
        }

        // Idempotent: compose runs it on every `up`, Kubernetes on every re-created Job.
        run(kafkaTopics, bootstrap);
    }

    private static String run(Path kafkaTopics, String bootstrap) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", TopicsScriptTest.script().toString()).redirectErrorStream(true);
        pb.environment().put("BOOTSTRAP_SERVERS", bootstrap);
        pb.environment().put("REPLICATION_FACTOR", "1");
        pb.environment().put("KAFKA_TOPICS", kafkaTopics.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
