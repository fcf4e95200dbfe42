package io.monitor.deploy;

import static io.monitor.deploy.DeployFiles.at;
import static io.monitor.deploy.DeployFiles.list;
import static io.monitor.deploy.DeployFiles.map;
import static io.monitor.deploy.DeployFiles.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.kafka.Topic;
import io.monitor.core.kafka.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/kafka/create-topics.sh, shared by compose (kafka-init) and Kubernetes (Job monitor-topics), creates exactly
 * the topics of {@link Topics#all()} with their partitions and configs, on the cluster the roles use, before they start.
 * ({@code CreateTopicsScriptIT} runs it against a real broker.)
 */
class TopicsScriptTest {
    static Path script() {
        return DeployFiles.deploy("kafka/create-topics.sh");
    }

    /** Topic → "partitions [configs]" as the script creates them. */
    static Map<String, String> scriptTopics() {
        Map<String, String> created = new TreeMap<>();
        for (String line : DeployFiles.read(script()).split("\n")) {
            line = line.strip();
            if (!line.startsWith("create --topic ")) {
                continue;
            }
            String topic = line.replaceAll(".*--topic (\\S+).*", "$1");
            String partitions = line.replaceAll(".*--partitions (\\d+).*", "$1");
            Set<String> configs = new TreeSet<>();
            Matcher m = Pattern.compile("--config (\\S+)").matcher(line);
            while (m.find()) {
                configs.add(m.group(1));
            }
            created.put(topic, partitions + " " + configs);
        }
        return created;
    }

    static Map<String, String> expectedTopics() {
        Map<String, String> expected = new TreeMap<>();
        for (Topic<?, ?> t : Topics.all()) {
            Set<String> configs = new TreeSet<>();
            t.configs().forEach((k, v) -> configs.add(k + "=" + v));
            expected.put(t.name(), t.partitions() + " " + configs);
        }
        return expected;
    }

    @Test
    void theScriptCreatesEveryTopicExactlyAsTopicsDefinesIt() {
        assertThat(scriptTopics()).isEqualTo(expectedTopics());
        assertThat(DeployFiles.read(script())).contains("--create --if-not-exists --replication-factor \"$RF\"");
    }

    @Test
    void composeRunsItOnTheBrokersBeforeEveryRole() {
        Map<String, Object> init = map(Manifests.composeServices().get("kafka-init"), "kafka-init");
        List<String> entrypoint = Manifests.strings(init.get("entrypoint"), "entrypoint");
        String mounted = entrypoint.get(entrypoint.size() - 1);
        assertThat(Manifests.strings(init.get("volumes"), "volumes")).contains("../kafka/create-topics.sh:" + mounted + ":ro");
        Map<String, String> env = Manifests.composeEnv(init);
        Set<String> expected = ComposeTest.kafkaNodes().keySet().stream().map(n -> n + ":19092").collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(List.of(env.get("BOOTSTRAP_SERVERS").split(",")))).isEqualTo(expected);
        assertThat(env).containsEntry("REPLICATION_FACTOR", "3");
        Manifests.composeMonitorServices().forEach((name, svc) ->
                assertThat(str(at(svc, "depends_on", "kafka-init", "condition"))).as(name).isEqualTo("service_completed_successfully"));
        assertThat(Manifests.composeEnv(ComposeTest.kafkaNodes().values().iterator().next()))
                .as("a typo'd topic fails instead of being created with defaults").containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    }

    @Test
    void kubernetesRunsItAsAJobOnTheClusterTheRolesUse() {
        Path dir = DeployFiles.deploy("kafka");
        assertThat(list(at(DeployFiles.yaml(Manifests.k8sBase().resolve("kustomization.yaml")), "resources"), "resources"))
                .contains("../../kafka");
        Map<String, Object> job = Manifests.kustomizeResources(dir).stream().filter(d -> "Job".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> pod = map(at(job, "spec", "template", "spec"), "pod");
        Map<String, Object> c = map(list(pod.get("containers"), "containers").get(0), "container");
        List<String> command = Manifests.strings(c.get("command"), "command");
        String path = command.get(command.size() - 1);
        Object mount = list(c.get("volumeMounts"), "mounts").stream().filter(vm -> path.startsWith(str(at(vm, "mountPath")) + "/"))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + path));
        String cm = list(pod.get("volumes"), "volumes").stream().filter(v -> str(at(mount, "name")).equals(at(v, "name")))
                .map(v -> str(at(v, "configMap", "name"))).findFirst().orElseThrow();
        Object generator = list(at(DeployFiles.yaml(dir.resolve("kustomization.yaml")), "configMapGenerator"), "gen").stream()
                .filter(g -> cm.equals(at(g, "name"))).findFirst().orElseThrow();
        assertThat(list(at(generator, "files"), "files")).contains(Path.of(path).getFileName().toString());
        assertThat(str(c.get("image"))).isEqualTo("apache/kafka:" + AppFacts.kafkaVersion());

        Map<String, String> env = Manifests.containerEnv(c);
        for (Map<String, Object> w : Manifests.workloads(Manifests.k8sBaseResources())) {
            assertThat(env.get("BOOTSTRAP_SERVERS")).as(Manifests.name(w))
                    .isEqualTo(Manifests.containerEnv(Manifests.containers(w).get(0)).get("MONITOR_KAFKA_BOOTSTRAPSERVERS"));
        }
        assertThat(list(c.get("env"), "env").get(0)).extracting(e -> str(at(e, "name"))).isEqualTo("BOOTSTRAP_SERVERS");
        // production: both patches point at the same cluster
        Path prod = DeployFiles.deploy("k8s/overlays/production");
        String roles = str(at(list(DeployFiles.yaml(prod.resolve("kafka-env.yaml")), "p").get(0), "value", "value"));
        String topics = str(at(list(DeployFiles.yaml(prod.resolve("topics-env.yaml")), "p").get(0), "value", "value"));
        assertThat(topics).isEqualTo(roles);
    }
}
