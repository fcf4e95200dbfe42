package io.monitor.deploy;

import static io.monitor.deploy.DeployFiles.at;
import static io.monitor.deploy.DeployFiles.map;
import static io.monitor.deploy.DeployFiles.str;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** deploy/compose/compose.yaml: a consistent three-node KRaft cluster and the roles wired to it and to each other. */
class ComposeTest {
    private final Map<String, Object> services = Manifests.composeServices();

    static Map<String, Map<String, Object>> kafkaNodes() {
        Map<String, Object> services = Manifests.composeServices();
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        services.forEach((name, svc) -> {
            if (str(at(svc, "image")) != null && str(at(svc, "image")).startsWith("apache/kafka:")
                    && Manifests.composeEnv(map(svc, name)).containsKey("KAFKA_NODE_ID")) {
                out.put(name, map(svc, name));
            }
        });
        return out;
    }

    @Test
    void threeCombinedKraftNodesFormOneQuorumWithReplicationThreeAndMinIsrTwo() {
        Map<String, Map<String, Object>> nodes = kafkaNodes();
        assertThat(nodes).hasSize(3);
        Set<String> ids = new HashSet<>();
        Set<String> clusterIds = new HashSet<>();
        for (var e : nodes.entrySet()) {
            Map<String, String> env = Manifests.composeEnv(e.getValue());
            ids.add(env.get("KAFKA_NODE_ID"));
            clusterIds.add(env.get("CLUSTER_ID"));
            assertThat(env.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
            assertThat(env).containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3").containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2");
            // The quorum names every node by its service name and its own id.
            Set<String> voters = Set.of(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","));
            assertThat(voters).contains(env.get("KAFKA_NODE_ID") + "@" + e.getKey() + ":9093");
            assertThat(voters).hasSize(3);
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).contains("INTERNAL://" + e.getKey() + ":19092");
            assertThat(env.get("KAFKA_LISTENERS")).contains("INTERNAL://:19092");
        }
        assertThat(ids).hasSize(3);
        assertThat(clusterIds).hasSize(1);
        assertThat(clusterIds.iterator().next()).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void theBrokerImageIsTheKafkaVersionTheAppIsBuiltWith() {
        services.forEach((name, svc) -> {
            String image = str(at(svc, "image"));
            if (image != null && image.startsWith("apache/kafka:")) {
                assertThat(image).as(name).isEqualTo("apache/kafka:" + AppFacts.kafkaVersion());
            }
        });
    }

    @Test
    void everyRoleRunsAsItsOwnServiceWithARealSubcommandAndOptions() {
        Map<String, Set<String>> commands = AppFacts.subcommands();
        Map<String, Map<String, Object>> app = Manifests.composeMonitorServices();
        assertThat(app.keySet()).containsExactlyInAnyOrder("ingest", "streams-1", "streams-2", "api");
        app.forEach((name, svc) -> {
            List<String> cmd = Manifests.strings(svc.get("command"), name);
            assertThat(commands).as(name).containsKey(cmd.get(0));
            assertThat(name).startsWith(cmd.get(0));
            for (String arg : cmd.subList(1, cmd.size())) {
                if (arg.startsWith("-")) {
                    assertThat(commands.get(cmd.get(0))).as("%s: option %s of `%s`", name, arg, cmd.get(0)).contains(arg.split("=")[0]);
                }
            }
        });
    }

    @Test
    void everyRoleReachesTheBrokersOnTheirInternalListener() {
        Set<String> expected = kafkaNodes().keySet().stream().map(n -> n + ":19092").collect(Collectors.toCollection(TreeSet::new));
        Manifests.composeMonitorServices().forEach((name, svc) -> {
            String bootstrap = Manifests.composeEnv(svc).get("MONITOR_KAFKA_BOOTSTRAPSERVERS");
            assertThat(bootstrap).as(name).isNotNull();
            assertThat(new TreeSet<>(List.of(bootstrap.split(",")))).as(name).isEqualTo(expected);
            assertThat(at(svc, "depends_on")).as(name).isNotNull();
            for (String node : kafkaNodes().keySet()) {
                assertThat(str(at(svc, "depends_on", node, "condition"))).as("%s waits for %s", name, node).isEqualTo("service_healthy");
            }
        });
    }

    @Test
    void eachStreamsInstanceKeepsItsStateOnItsOwnVolumeAtTheDataDir() {
        Set<String> volumes = new LinkedHashSet<>();
        Map<String, Object> declared = map(Manifests.compose().get("volumes"), "volumes");
        Manifests.composeMonitorServices().forEach((name, svc) -> {
            if (!name.startsWith("streams")) {
                return;
            }
            List<String> cmd = Manifests.strings(svc.get("command"), name);
            String dataDir = ConfigurationTest.option(cmd, "--data-dir");
            if (dataDir == null) {
                dataDir = Manifests.composeEnv(svc).getOrDefault("MONITOR_KAFKA_DATADIR", Manifests.imageEnv().get("MONITOR_KAFKA_DATADIR"));
            }
            String volume = null;
            for (String v : Manifests.strings(svc.get("volumes"), name)) {
                String[] p = v.split(":");
                if (p[1].equals(dataDir)) {
                    volume = p[0];
                }
            }
            assertThat(volume).as("%s mounts a volume at its data dir %s", name, dataDir).isNotNull();
            assertThat(declared).as("named volume %s", volume).containsKey(volume);
            volumes.add(volume);
        });
        assertThat(volumes).hasSize(2);
    }

    @Test
    void onlyTheApiPublishesThePortAndItIsTheApiPort() {
        int port = io.monitor.core.config.ApiSettings.defaults().port();
        Manifests.composeMonitorServices().forEach((name, svc) -> {
            List<String> ports = Manifests.strings(svc.get("ports"), name);
            if (name.equals("api")) {
                assertThat(ports).containsExactly(port + ":" + port);
            } else {
                assertThat(ports).as(name).isEmpty();
            }
            String health = String.join(" ", Manifests.strings(at(svc, "healthcheck", "test"), name));
            assertThat(health).as(name).contains("/" + port).contains("GET /health/ready ");
        });
        assertThat(AppFacts.managementPaths()).contains("/health/ready");
    }

    @Test
    void prometheusAndGrafanaMountFilesThatExist() {
        Path composeDir = Manifests.composeFile().getParent();
        for (String svc : List.of("prometheus", "grafana")) {
            assertThat(services).containsKey(svc);
            for (String v : Manifests.strings(at(services.get(svc), "volumes"), svc)) {
                String source = v.split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(composeDir.resolve(source).normalize()).as("%s mounts %s", svc, source).exists();
                }
            }
        }
        assertThat(Manifests.strings(at(services.get("prometheus"), "volumes"), "prometheus"))
                .contains("../prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro", "../prometheus/rules.yml:/etc/prometheus/rules.yml:ro");
    }
}
