package io.monitor.deploy;

import static io.monitor.deploy.DeployFiles.at;
import static io.monitor.deploy.DeployFiles.list;
import static io.monitor.deploy.DeployFiles.map;
import static io.monitor.deploy.DeployFiles.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SettingsLoader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s: the Kustomize base and the production overlay against the app (subcommands, options, port, health
 * paths, data dir, image user) and against themselves (selectors, named ports, secrets, patches).
 * When kubectl is installed, the overlay is also rendered by {@code kubectl kustomize} and its result checked.
 */
class KubernetesTest {
    private final List<Map<String, Object>> docs = Manifests.k8sBaseResources();
    private final int apiPort = ApiSettings.defaults().port();

    private Map<String, Object> workload(String kind, String name) {
        return Manifests.ofKind(docs, kind).stream().filter(d -> name.equals(Manifests.name(d))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @Test
    void ingestAndApiAreDeploymentsAndStreamsIsAStatefulSetRunningTheirSubcommands() {
        Map<String, Set<String>> commands = AppFacts.subcommands();
        Map<String, String> expected = Map.of("Deployment/monitor-ingest", "ingest", "Deployment/monitor-api", "api",
                "StatefulSet/monitor-streams", "streams");
        List<String> found = new ArrayList<>();
        for (Map<String, Object> w : Manifests.workloads(docs)) {
            String key = w.get("kind") + "/" + Manifests.name(w);
            found.add(key);
            Map<String, Object> c = Manifests.containers(w).get(0);
            List<String> args = Manifests.strings(c.get("args"), key);
            assertThat(args.get(0)).as(key).isEqualTo(expected.get(key));
            for (String arg : args) {
                if (arg.startsWith("-")) {
                    assertThat(commands.get(args.get(0))).as("%s: option %s", key, arg).contains(arg);
                }
            }
            assertThat(c.get("command")).as("%s keeps the image's ENTRYPOINT", key).isNull();
        }
        assertThat(found).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    void probesAskTheRealHealthPathsOnTheApiPortAndEveryContainerHasResources() {
        for (Map<String, Object> w : Manifests.workloads(docs)) {
            Map<String, Object> c = Manifests.containers(w).get(0);
            String role = Manifests.strings(c.get("args"), "args").get(0);
            Set<String> served = role.equals("api") ? AppFacts.apiPathLiterals() : AppFacts.managementPaths();
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (Object p : list(c.get("ports"), "ports")) {
                ports.put(str(at(p, "name")), (Integer) at(p, "containerPort"));
            }
            assertThat(ports).as(Manifests.name(w)).containsEntry("http", apiPort);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                String path = str(at(c, probe, "httpGet", "path"));
                Object port = at(c, probe, "httpGet", "port");
                assertThat(path).as("%s %s", Manifests.name(w), probe).isEqualTo(probe.equals("readinessProbe") ? "/health/ready" : "/health/live");
                assertThat(served).as("%s serves %s (role %s)", Manifests.name(w), path, role).contains(path);
                assertThat(port instanceof Integer i ? i : ports.get(str(port))).as("%s %s port", Manifests.name(w), probe).isEqualTo(apiPort);
            }
            assertThat(str(at(w, "spec", "template", "metadata", "annotations", "prometheus.io/port"))).isEqualTo(String.valueOf(apiPort));
            assertThat(str(at(w, "spec", "template", "metadata", "annotations", "prometheus.io/path"))).isEqualTo("/metrics");
            assertThat(at(c, "resources", "requests", "cpu")).as(Manifests.name(w)).isNotNull();
            assertThat(at(c, "resources", "requests", "memory")).as(Manifests.name(w)).isNotNull();
            assertThat(at(c, "resources", "limits", "memory")).as(Manifests.name(w)).isNotNull();
        }
    }

    @Test
    void theImagesFixedInitialHeapFitsEveryContainersMemoryLimit() {
        String entry = Manifests.dockerInstructions().stream().filter(i -> i[0].equals("ENTRYPOINT")).findFirst().orElseThrow()[1];
        long xms = mebibytes(entry.replaceAll(".*\"-Xms(\\d+[mMgG])\".*", "$1"));
        List<Map<String, Object>> all = new ArrayList<>(docs);
        all.addAll(Manifests.kustomizeResources(DeployFiles.deploy("k8s/overlays/production")));
        for (Object patch : DeployFiles.yamlDocuments(DeployFiles.deploy("k8s/overlays/production/streams-resources.yaml"))) {
            all.add(map(patch, "patch"));
        }
        for (Map<String, Object> w : Manifests.workloads(all)) {
            for (Map<String, Object> c : Manifests.containers(w)) {
                long limit = mebibytes(str(at(c, "resources", "limits", "memory")));
                // The heap is at most MaxRAMPercentage (75%) of the limit; -Xms must stay well below it.
                assertThat(xms).as("%s: -Xms%dm vs limit %dMi", Manifests.name(w), xms, limit).isLessThanOrEqualTo(limit / 2);
            }
        }
    }

    private static long mebibytes(String quantity) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([MG])i?", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(quantity);
        assertThat(m.matches()).as("memory quantity %s", quantity).isTrue();
        return Long.parseLong(m.group(1)) * (m.group(2).equalsIgnoreCase("G") ? 1024 : 1);
    }

    @Test
    void podsRunAsTheImagesUserWithAWritableTmp() {
        String uid = Manifests.dockerInstructions().stream().filter(i -> i[0].equals("USER")).findFirst().orElseThrow()[1].split(":")[0];
        for (Map<String, Object> w : Manifests.workloads(docs)) {
            assertThat(str(at(Manifests.podSpec(w), "securityContext", "runAsUser"))).as(Manifests.name(w)).isEqualTo(uid);
            assertThat(at(Manifests.podSpec(w), "securityContext", "runAsNonRoot")).isEqualTo(true);
            Map<String, Object> c = Manifests.containers(w).get(0);
            if (Boolean.TRUE.equals(at(c, "securityContext", "readOnlyRootFilesystem"))) {
                assertThat(list(c.get("volumeMounts"), "volumeMounts")).as("%s: the JVM and RocksDB write to /tmp", Manifests.name(w))
                        .anyMatch(vm -> "/tmp".equals(at(vm, "mountPath")));
            }
        }
    }

    @Test
    void streamsKeepsItsStateOnAClaimedVolumeAtTheConfiguredDataDirAndHasADisruptionBudget() {
        Map<String, Object> sts = workload("StatefulSet", "monitor-streams");
        Map<String, Object> c = Manifests.containers(sts).get(0);
        List<String> args = Manifests.strings(c.get("args"), "args");
        String dataDir = ConfigurationTest.option(args, "--data-dir");
        Map<String, String> env = Manifests.containerEnv(c);
        assertThat(dataDir == null ? env.get("MONITOR_KAFKA_DATADIR") : dataDir).isEqualTo(env.get("MONITOR_KAFKA_DATADIR"));
        // What the app will use: the loaded setting, not just the variable's text.
        MonitorSettings s = SettingsLoader.parse("", Map.of("MONITOR_KAFKA_DATADIR", env.get("MONITOR_KAFKA_DATADIR")));
        String stateDir = s.kafka().dataDir().toString();
        List<Object> claims = list(at(sts, "spec", "volumeClaimTemplates"), "volumeClaimTemplates");
        assertThat(claims).hasSize(1);
        String claim = str(at(claims.get(0), "metadata", "name"));
        assertThat(list(c.get("volumeMounts"), "volumeMounts")).anyMatch(vm -> claim.equals(at(vm, "name")) && stateDir.equals(at(vm, "mountPath")));

        Map<String, Object> service = Manifests.ofKind(docs, "Service").stream()
                .filter(svc -> str(at(sts, "spec", "serviceName")).equals(Manifests.name(svc))).findFirst().orElseThrow();
        assertThat(str(at(service, "spec", "clusterIP"))).isEqualTo("None");

        Map<String, Object> labels = map(at(sts, "spec", "template", "metadata", "labels"), "labels");
        Map<String, Object> pdb = Manifests.ofKind(docs, "PodDisruptionBudget").stream()
                .filter(p -> labels.entrySet().containsAll(map(at(p, "spec", "selector", "matchLabels"), "pdb").entrySet()))
                .findFirst().orElseThrow(() -> new AssertionError("no PodDisruptionBudget selects the streams pods"));
        assertThat(at(pdb, "spec", "maxUnavailable")).isEqualTo(1);
    }

    @Test
    void servicesSelectTheirPodsAndTargetTheNamedApiPort() {
        for (Map<String, Object> svc : Manifests.ofKind(docs, "Service")) {
            Map<String, Object> selector = map(at(svc, "spec", "selector"), "selector");
            List<Map<String, Object>> matched = Manifests.workloads(docs).stream()
                    .filter(w -> map(at(w, "spec", "template", "metadata", "labels"), "labels").entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(matched).as("pods of Service %s", Manifests.name(svc)).hasSize(1);
            Map<String, Object> w = matched.get(0);
            assertThat(map(at(w, "spec", "selector", "matchLabels"), "matchLabels").entrySet())
                    .as("%s selects its own template", Manifests.name(w))
                    .allMatch(e -> e.getValue().equals(map(at(w, "spec", "template", "metadata", "labels"), "l").get(e.getKey())));
            for (Object port : list(at(svc, "spec", "ports"), "ports")) {
                assertThat(str(at(port, "targetPort"))).isEqualTo("http");
            }
        }
        assertThat(Manifests.ofKind(docs, "Service")).extracting(Manifests::name).contains("monitor-api", "monitor-streams");
    }

    @Test
    void theProductionPatchReplacesTheBootstrapVariableWhereTheBaseDefinesIt() {
        // overlays/production/kafka-env.yaml replaces env/0 of the first container: it must be the bootstrap variable.
        for (Map<String, Object> w : Manifests.workloads(docs)) {
            Object first = list(Manifests.containers(w).get(0).get("env"), "env").get(0);
            assertThat(str(at(first, "name"))).as(Manifests.name(w)).isEqualTo("MONITOR_KAFKA_BOOTSTRAPSERVERS");
        }
        List<Object> patch = list(DeployFiles.yaml(DeployFiles.deploy("k8s/overlays/production/kafka-env.yaml")), "patch");
        assertThat(patch).anyMatch(op -> "/spec/template/spec/containers/0/env/0".equals(at(op, "path"))
                && "MONITOR_KAFKA_BOOTSTRAPSERVERS".equals(at(op, "value", "name")));
    }

    @Test
    void everyFileAKustomizationNamesExists() {
        for (Path dir : List.of(Manifests.k8sBase(), DeployFiles.deploy("k8s/overlays/production"))) {
            Map<String, Object> k = map(DeployFiles.yaml(dir.resolve("kustomization.yaml")), dir.toString());
            for (Object r : list(k.get("resources"), "resources")) {
                assertThat(dir.resolve(str(r))).exists();
            }
            for (Object p : list(k.get("patches"), "patches")) {
                assertThat(dir.resolve(str(at(p, "path")))).exists();
            }
            for (Object g : list(k.get("configMapGenerator"), "configMapGenerator")) {
                for (Object f : list(at(g, "files"), "files")) {
                    assertThat(dir.resolve(str(f).replaceFirst("^[^=]*=", ""))).exists();
                }
            }
        }
    }

    /** The overlay as Kubernetes would receive it, when kubectl is here to render it. */
    @Test
    void theRenderedProductionOverlayStartsWithValidSettingsAndTheIntendedScale() throws Exception {
        String kubectl = findOnPath("kubectl");
        assumeThat(kubectl).as("kubectl on PATH").isNotNull();
        Process p = new ProcessBuilder(kubectl, "kustomize", DeployFiles.deploy("k8s/overlays/production").toString())
                .redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(new String(out, StandardCharsets.UTF_8))) {
            if (doc != null) {
                rendered.add(map(doc, "rendered"));
            }
        }
        String config = rendered.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).map(d -> str(at(d, "data", "monitor.yaml")))
                .findFirst().orElseThrow();
        Map<String, Integer> replicas = new LinkedHashMap<>();
        for (Map<String, Object> w : Manifests.workloads(rendered)) {
            replicas.put(Manifests.name(w), (Integer) at(w, "spec", "replicas"));
            Map<String, Object> c = Manifests.containers(w).get(0);
            assertThat(str(c.get("image"))).doesNotEndWith(":local");
            Map<String, String> env = new LinkedHashMap<>(Manifests.imageEnv());
            env.putAll(Manifests.containerEnv(c));
            env.putAll(Manifests.envFromSecrets(c, rendered));
            MonitorSettings s = SettingsLoader.parse(config, env);
            assertThat(s.ingest().demo().enabled()).as("%s: no demo data in production", Manifests.name(w)).isFalse();
            assertThat(s.kafka().bootstrapServers()).contains("kafka-0.");
            // The configMap volume points at the generated (hashed) name.
            String cm = list(Manifests.podSpec(w).get("volumes"), "volumes").stream().map(v -> str(at(v, "configMap", "name")))
                    .filter(java.util.Objects::nonNull).findFirst().orElseThrow();
            assertThat(rendered).anyMatch(d -> "ConfigMap".equals(d.get("kind")) && cm.equals(Manifests.name(d)));
            assertThat(str(at(w, "metadata", "namespace"))).isEqualTo("monitor");
        }
        assertThat(replicas).containsEntry("monitor-streams", 3).containsEntry("monitor-api", 2).containsEntry("monitor-ingest", 1);
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
