package io.monitor.deploy;

import static io.monitor.deploy.DeployFiles.at;
import static io.monitor.deploy.DeployFiles.list;
import static io.monitor.deploy.DeployFiles.map;
import static io.monitor.deploy.DeployFiles.str;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The deployment files as the tests see them: compose services, Kubernetes workloads, the Dockerfile. */
final class Manifests {
    private Manifests() {
    }

    // ------------------------------------------------------------------ Dockerfile

    static Path dockerfile() {
        return DeployFiles.deploy("docker/Dockerfile");
    }

    /** Dockerfile instructions, continuation lines joined, comments dropped: [INSTRUCTION, arguments]. */
    static List<String[]> dockerInstructions() {
        List<String[]> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : DeployFiles.read(dockerfile()).split("\n")) {
            String t = line.strip();
            if (current.isEmpty() && (t.isEmpty() || t.startsWith("#"))) {
                continue;
            }
            if (t.startsWith("#")) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            String full = current.toString().strip();
            current.setLength(0);
            int sp = full.indexOf(' ');
            out.add(new String[] {full.substring(0, sp).toUpperCase(java.util.Locale.ROOT), full.substring(sp + 1).strip()});
        }
        return out;
    }

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S+)");

    /** ENV of the image's last stage (what every container of the image starts with). */
    static Map<String, String> imageEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String[] ins : dockerInstructions()) {
            if (ins[0].equals("FROM")) {
                env.clear();
            } else if (ins[0].equals("ENV")) {
                Matcher m = ENV_PAIR.matcher(ins[1]);
                while (m.find()) {
                    env.put(m.group(1), m.group(2).replace("\"", ""));
                }
            }
        }
        return env;
    }

    // ------------------------------------------------------------------ compose

    static Path composeFile() {
        return DeployFiles.deploy("compose/compose.yaml");
    }

    static Map<String, Object> compose() {
        return map(DeployFiles.yaml(composeFile()), "compose.yaml");
    }

    static Map<String, Object> composeServices() {
        return map(compose().get("services"), "services");
    }

    /** The services that run the monitor image (built from deploy/docker/Dockerfile). */
    static Map<String, Map<String, Object>> composeMonitorServices() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        composeServices().forEach((name, svc) -> {
            Object dockerfile = at(svc, "build", "dockerfile");
            if (dockerfile != null && str(dockerfile).endsWith("deploy/docker/Dockerfile")) {
                out.put(name, map(svc, name));
            }
        });
        return out;
    }

    static Map<String, String> composeEnv(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object e = service.get("environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(str(k), v == null ? "" : str(v)));
        } else {
            for (Object item : list(e, "environment")) {
                String s = str(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }

    static List<String> strings(Object o, String what) {
        if (o instanceof String s) {
            return List.of(s.split("\\s+"));
        }
        return list(o, what).stream().map(DeployFiles::str).toList();
    }

    // ------------------------------------------------------------------ Kubernetes

    static Path k8sBase() {
        return DeployFiles.deploy("k8s/base");
    }

    /** Every document of the resources a kustomization lists (files only; directories are other kustomizations). */
    static List<Map<String, Object>> kustomizeResources(Path dir) {
        Map<String, Object> k = map(DeployFiles.yaml(dir.resolve("kustomization.yaml")), dir + "/kustomization.yaml");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : list(k.get("resources"), "resources")) {
            Path p = dir.resolve(str(r)).normalize();
            if (p.toFile().isFile()) {
                for (Object doc : DeployFiles.yamlDocuments(p)) {
                    out.add(map(doc, p.toString()));
                }
            }
        }
        return out;
    }

    static List<Map<String, Object>> k8sBaseResources() {
        return kustomizeResources(k8sBase());
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    static List<Map<String, Object>> workloads(List<Map<String, Object>> docs) {
        return docs.stream().filter(d -> List.of("Deployment", "StatefulSet", "DaemonSet").contains(str(d.get("kind")))).toList();
    }

    static String name(Map<String, Object> doc) {
        return str(at(doc, "metadata", "name"));
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(at(workload, "spec", "template", "spec"), name(workload) + " pod spec");
    }

    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return list(podSpec(workload).get("containers"), "containers").stream().map(c -> map(c, "container")).toList();
    }

    static Map<String, String> containerEnv(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : list(container.get("env"), "env")) {
            Map<String, Object> m = map(e, "env entry");
            env.put(str(m.get("name")), m.get("value") == null ? "<from " + m.get("valueFrom") + ">" : str(m.get("value")));
        }
        return env;
    }

    /** The keys of the Secrets a container takes all of (envFrom.secretRef), found among {@code docs}. */
    static Map<String, String> envFromSecrets(Map<String, Object> container, List<Map<String, Object>> docs) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object ef : list(container.get("envFrom"), "envFrom")) {
            String secret = str(at(ef, "secretRef", "name"));
            if (secret == null) {
                continue;
            }
            Map<String, Object> doc = ofKind(docs, "Secret").stream().filter(s -> secret.equals(name(s))).findFirst()
                    .orElseThrow(() -> new AssertionError("envFrom names Secret " + secret + ", which is not in the manifests"));
            for (String field : List.of("stringData", "data")) {
                Object data = doc.get(field);
                if (data != null) {
                    map(data, secret + "." + field).forEach((k, v) -> env.put(k, str(v)));
                }
            }
        }
        return env;
    }
}
