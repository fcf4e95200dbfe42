package io.monitor.deploy;

import static io.monitor.deploy.DeployFiles.at;
import static io.monitor.deploy.DeployFiles.list;
import static io.monitor.deploy.DeployFiles.map;
import static io.monitor.deploy.DeployFiles.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.config.SettingsLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The configuration every container really starts with (the mounted YAML file + the image's ENV + the manifest's
 * environment + the secrets) is loaded with the app's own {@link SettingsLoader}: a {@code MONITOR_*} variable that
 * names no key, a secret variable the config names but nobody provides, or an invalid file fails here instead of
 * at start-up.
 */
class ConfigurationTest {

    /** One container as it would start: its config file text and its environment. */
    record Start(String where, String configPath, String configText, Map<String, String> env) {
        MonitorSettings load() {
            try {
                return SettingsLoader.parse(configText, env);
            } catch (SettingsException e) {
                throw new AssertionError(where + " would not start: " + e.getMessage() + "\n  env: " + new TreeMap<>(env), e);
            }
        }
    }

    static List<Start> composeStarts() {
        List<Start> out = new ArrayList<>();
        Path composeDir = Manifests.composeFile().getParent();
        Manifests.composeMonitorServices().forEach((name, svc) -> {
            List<String> command = Manifests.strings(svc.get("command"), name + ".command");
            String configPath = option(command, "--config", "-c");
            assertThat(configPath).as("compose service %s passes --config", name).isNotNull();
            String source = null;
            for (String v : Manifests.strings(svc.get("volumes"), name + ".volumes")) {
                String[] parts = v.split(":");
                if (parts.length >= 2 && parts[1].equals(configPath)) {
                    source = parts[0];
                }
            }
            assertThat(source).as("compose service %s mounts a file at its --config path %s", name, configPath).isNotNull();
            Map<String, String> env = new LinkedHashMap<>(Manifests.imageEnv());
            env.putAll(Manifests.composeEnv(svc));
            out.add(new Start("compose service " + name, configPath, DeployFiles.read(composeDir.resolve(source).normalize()), env));
        });
        return out;
    }

    static List<Start> k8sStarts() {
        List<Map<String, Object>> docs = Manifests.k8sBaseResources();
        Map<String, Object> kustomization = map(DeployFiles.yaml(Manifests.k8sBase().resolve("kustomization.yaml")), "kustomization");
        List<Start> out = new ArrayList<>();
        for (Map<String, Object> w : Manifests.workloads(docs)) {
            for (Map<String, Object> c : Manifests.containers(w)) {
                String where = "k8s " + Manifests.name(w) + "/" + c.get("name");
                List<String> args = Manifests.strings(c.get("args"), where + ".args");
                String configPath = option(args, "--config", "-c");
                assertThat(configPath).as("%s passes --config", where).isNotNull();
                String text = configMapFile(w, c, configPath, kustomization, where);
                Map<String, String> env = new LinkedHashMap<>(Manifests.imageEnv());
                env.putAll(Manifests.containerEnv(c));
                env.putAll(Manifests.envFromSecrets(c, docs));
                out.add(new Start(where, configPath, text, env));
            }
        }
        return out;
    }

    /** The text of the file at {@code path}: a configMap volume mounted over its directory, from the generator. */
    private static String configMapFile(Map<String, Object> w, Map<String, Object> c, String path, Map<String, Object> kustomization,
                                        String where) {
        for (Object vm : list(c.get("volumeMounts"), "volumeMounts")) {
            String mountPath = str(at(vm, "mountPath"));
            if (!path.startsWith(mountPath + "/")) {
                continue;
            }
            String key = path.substring(mountPath.length() + 1);
            String volume = str(at(vm, "name"));
            for (Object v : list(Manifests.podSpec(w).get("volumes"), "volumes")) {
                if (volume.equals(at(v, "name"))) {
                    String cm = str(at(v, "configMap", "name"));
                    assertThat(cm).as("%s: volume %s is a configMap", where, volume).isNotNull();
                    for (Object gen : list(kustomization.get("configMapGenerator"), "configMapGenerator")) {
                        if (cm.equals(at(gen, "name"))) {
                            for (Object f : list(at(gen, "files"), "files")) {
                                String file = str(f);
                                String fileKey = file.contains("=") ? file.substring(0, file.indexOf('=')) : Path.of(file).getFileName().toString();
                                String fileSrc = file.contains("=") ? file.substring(file.indexOf('=') + 1) : file;
                                if (fileKey.equals(key)) {
                                    return DeployFiles.read(Manifests.k8sBase().resolve(fileSrc));
                                }
                            }
                        }
                    }
                    throw new AssertionError(where + ": ConfigMap " + cm + " has no key " + key + " in the base's configMapGenerator");
                }
            }
        }
        throw new AssertionError(where + ": nothing is mounted at --config " + path);
    }

    static String option(List<String> args, String... names) {
        for (int i = 0; i < args.size(); i++) {
            for (String n : names) {
                if (args.get(i).equals(n) && i + 1 < args.size()) {
                    return args.get(i + 1);
                }
                if (args.get(i).startsWith(n + "=")) {
                    return args.get(i).substring(n.length() + 1);
                }
            }
        }
        return null;
    }

    @Test
    void everyComposeServiceOfTheAppLoadsItsMountedConfigWithItsEnvironment() {
        List<Start> starts = composeStarts();
        assertThat(starts).extracting(Start::where).contains("compose service ingest", "compose service api",
                "compose service streams-1", "compose service streams-2");
        for (Start s : starts) {
            MonitorSettings settings = s.load();
            assertThat(settings.kafka().bootstrapServers()).as("%s has a Kafka cluster", s.where()).isNotNull();
            assertThat(settings.kafka().replicationFactor()).as("%s: topics replicated 3 times", s.where()).isEqualTo(3);
            assertThat(settings.brands()).as("%s watches brands", s.where()).isNotEmpty();
            assertThat(settings.ingest().demo().enabled()).as("%s: compose shows the demo", s.where()).isTrue();
        }
    }

    @Test
    void everyKubernetesContainerLoadsTheConfigMapWithItsEnvironmentAndSecrets() {
        List<Start> starts = k8sStarts();
        assertThat(starts).hasSize(3);
        for (Start s : starts) {
            MonitorSettings settings = s.load();
            assertThat(settings.kafka().bootstrapServers()).as(s.where()).isNotNull();
            assertThat(settings.kafka().replicationFactor()).as(s.where()).isEqualTo(3);
            assertThat(settings.api().tokens()).as("%s: authentication is on in Kubernetes", s.where()).isNotEmpty();
        }
    }

    @Test
    void everySecretTheConfigNamesIsProvidedAndIsNotReadAsAConfigurationKey() {
        List<Start> starts = new ArrayList<>(composeStarts());
        starts.addAll(k8sStarts());
        for (Start s : starts) {
            MonitorSettings settings = s.load();
            List<String> secretVars = new ArrayList<>();
            settings.api().tokens().forEach(t -> secretVars.add(t.tokenEnv()));
            settings.notifications().forEach(n -> {
                if (n.urlEnv() != null) {
                    secretVars.add(n.urlEnv());
                }
            });
            settings.ingest().sources().forEach(src -> {
                if (src.credentialEnv() != null) {
                    secretVars.add(src.credentialEnv());
                }
            });
            for (String var : secretVars) {
                assertThat(s.env()).as("%s: the config names secret variable %s", s.where(), var).containsKey(var);
                assertThat(var).as("%s: %s would be read as a configuration key and stop start-up", s.where(), var)
                        .doesNotStartWith(SettingsLoader.ENV_PREFIX);
            }
        }
    }

    @Test
    void everyMonitorVariableInAnyDeploymentFileNamesAConfigurationKey() {
        // Overlays and patches included: each MONITOR_* name/value pair anywhere is checked against the base config.
        String config = DeployFiles.read(DeployFiles.deploy("compose/monitor.yaml"));
        Map<String, String> seen = new TreeMap<>();
        for (Path file : DeployFiles.deploymentFiles("yaml", "yml")) {
            for (Object doc : DeployFiles.yamlDocuments(file)) {
                collectMonitorVariables(doc, seen, file);
            }
        }
        Manifests.imageEnv().forEach((k, v) -> {
            if (k.startsWith(SettingsLoader.ENV_PREFIX)) {
                seen.put(k, v);
            }
        });
        assertThat(seen).containsKeys("MONITOR_KAFKA_BOOTSTRAPSERVERS", "MONITOR_KAFKA_REPLICATIONFACTOR",
                "MONITOR_KAFKA_DATADIR", "MONITOR_INGEST_DEMO_ENABLED");
        seen.forEach((k, v) -> assertThatCode(() -> SettingsLoader.parse(config, Map.of(k, v)))
                .as("%s=%s", k, v).doesNotThrowAnyException());
    }

    @Test
    void aMisspelledVariableOrAMonitorPrefixedSecretIsCaughtByTheSameCheck() {
        // The checks above would fail on these: the loader refuses unknown MONITOR_* names.
        String config = DeployFiles.read(DeployFiles.deploy("compose/monitor.yaml"));
        assertThatThrownBy(() -> SettingsLoader.parse(config, Map.of("MONITOR_KAFKA_BOOTSTRAPSERVER", "kafka:9092")))
                .isInstanceOf(SettingsException.class);
        assertThatThrownBy(() -> SettingsLoader.parse(config, Map.of("MONITOR_TOKEN_CM", "secret")))
                .isInstanceOf(SettingsException.class);
    }

    private static void collectMonitorVariables(Object node, Map<String, String> out, Path file) {
        if (node instanceof Map<?, ?> m) {
            // Kubernetes: {name: MONITOR_X, value: ...}
            Object name = m.get("name");
            if (name instanceof String n && n.startsWith(SettingsLoader.ENV_PREFIX) && m.containsKey("value")) {
                out.put(n, str(m.get("value")));
            }
            // compose: environment: {MONITOR_X: ...}
            m.forEach((k, v) -> {
                if (k instanceof String key && key.startsWith(SettingsLoader.ENV_PREFIX) && !(v instanceof Map) && !(v instanceof List)) {
                    out.put(key, str(v));
                }
                collectMonitorVariables(v, out, file);
            });
        } else if (node instanceof List<?> l) {
            l.forEach(item -> collectMonitorVariables(item, out, file));
        } else if (node instanceof String s && s.startsWith(SettingsLoader.ENV_PREFIX) && s.contains("=")) {
            out.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
    }

    @Test
    void theConfigFilesLoadOnTheirOwn() {
        for (String f : List.of("compose/monitor.yaml", "k8s/base/monitor.yaml")) {
            assertThatCode(() -> SettingsLoader.load(DeployFiles.deploy(f), Map.of())).as(f).doesNotThrowAnyException();
        }
    }
}
