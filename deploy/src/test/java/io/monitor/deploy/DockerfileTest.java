package io.monitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The image build (deploy/docker/Dockerfile) against the repository: what it copies exists, what it builds is the
 * jar monitor-app/pom.xml produces, and what it runs is the app's main command. No Docker engine is needed: the
 * file is read, not built (`docker build -f deploy/docker/Dockerfile .` builds it where an engine runs).
 */
class DockerfileTest {
    private final List<String[]> instructions = Manifests.dockerInstructions();

    private List<String> all(String instruction) {
        return instructions.stream().filter(i -> i[0].equals(instruction)).map(i -> i[1]).toList();
    }

    @Test
    void buildsOnATemurin17JdkAndRunsOnATemurin17Jre() {
        List<String> from = all("FROM");
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).matches("eclipse-temurin:17(\\.[\\d.]+)?-jdk\\S* AS build");
        assertThat(from.get(1)).matches("eclipse-temurin:17(\\.[\\d.]+)?-jre\\S*");
    }

    @Test
    void buildsWithTheMavenWrapperTheJarThatMonitorAppsPomNames() {
        String run = String.join("\n", all("RUN"));
        assertThat(run).contains("./mvnw ").contains("-pl monitor-app").contains("-am").contains(" package");
        assertThat(AppFacts.modules()).contains("monitor-app");
        String jar = AppFacts.jarPath();
        assertThat(run).as("the build stage picks up %s", jar).contains(jar);
    }

    @Test
    void copiesEveryPomOfTheReactorAndOnlyPathsThatExist() {
        List<String> sources = new ArrayList<>();
        for (String copy : all("COPY")) {
            if (copy.contains("--from=")) {
                continue;
            }
            String[] parts = copy.replaceAll("--\\S+", "").trim().split("\\s+");
            sources.addAll(List.of(parts).subList(0, parts.length - 1));
        }
        for (String s : sources) {
            assertThat(DeployFiles.repoDir().resolve(s)).as("COPY %s (build context = repository root)", s).exists();
        }
        // Maven reads every module's pom to build the reactor, even with -pl.
        assertThat(sources).contains("pom.xml", "mvnw", ".mvn");
        for (String module : AppFacts.modules()) {
            assertThat(sources).as("module %s", module).contains(module + "/pom.xml");
        }
        // ... and the sources of every module the app is built from.
        for (String module : AppFacts.appModules()) {
            assertThat(sources).as("sources of %s, which monitor-app needs", module).contains(module + "/src");
        }
    }

    @Test
    void theEntrypointRunsTheJarWithAFixedInitialHeapAndTheDefaultCommandIsASubcommand() throws Exception {
        List<String> entry = jsonArray(all("ENTRYPOINT"));
        assertThat(entry.get(0)).isEqualTo("java");
        assertThat(entry).anyMatch(a -> a.matches("-Xms\\d+[mMgG]"));
        assertThat(entry.subList(entry.size() - 2, entry.size())).containsExactly("-jar", "/app/monitor.jar");
        String copied = all("COPY").stream().filter(c -> c.contains("--from=build")).findFirst().orElseThrow();
        assertThat(copied).endsWith("/app/monitor.jar");

        List<String> cmd = jsonArray(all("CMD"));
        assertThat(AppFacts.subcommands()).containsKey(cmd.get(0));
    }

    @Test
    void runsAsAFixedNonRootUserWhoOwnsTheDataDirectory() {
        List<String> user = all("USER");
        assertThat(user).hasSize(1);
        String uid = user.get(0).split(":")[0];
        assertThat(uid).isNotIn("root", "0");
        Map<String, String> env = Manifests.imageEnv();
        String dataDir = env.get("MONITOR_KAFKA_DATADIR");
        assertThat(dataDir).isNotNull();
        assertThat(String.join("\n", all("RUN"))).contains("--uid " + uid).contains("chown").contains(dataDir);
        assertThat(all("VOLUME")).anyMatch(v -> v.contains(dataDir));
    }

    @Test
    void exposesTheApiPortEveryRoleServesOn() {
        int port = io.monitor.core.config.ApiSettings.defaults().port();
        assertThat(all("EXPOSE")).containsExactly(String.valueOf(port));
    }

    @Test
    void theDockerignoreKeepsBuildOutputOutButNotWhatTheBuildCopies() throws Exception {
        var ignore = DeployFiles.deploy("docker/Dockerfile.dockerignore");
        assertThat(ignore).as("BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile").exists();
        List<String> patterns = Files.readAllLines(ignore).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(patterns).contains("**/target/", ".git/");
        for (String kept : Set.of("mvnw", ".mvn", "pom.xml", "config/", "deploy/pom.xml", "monitor-app/", "monitor-core/")) {
            assertThat(patterns).as("%s is needed by the build", kept)
                    .noneMatch(p -> p.equals(kept) || p.equals("/" + kept) || kept.startsWith(p.replaceFirst("^/", "")));
        }
    }

    /**
     * With the jar built (as in a full {@code ./mvnw verify}, where monitor-app is packaged before deploy), the image's
     * ENTRYPOINT (its JVM flags included) runs it, and every subcommand the manifests start lists the options they pass.
     */
    @Test
    void theBuiltJarAcceptsTheEntrypointAndEverySubcommandAndOptionTheManifestsUse() throws Exception {
        java.nio.file.Path jar = DeployFiles.repoDir().resolve(AppFacts.jarPath());
        org.assertj.core.api.Assumptions.assumeThat(jar).as("built jar").exists();
        java.util.Map<String, java.util.Set<String>> used = new java.util.TreeMap<>();
        List<List<String>> commandLines = new ArrayList<>();
        Manifests.composeMonitorServices().forEach((n, svc) -> commandLines.add(Manifests.strings(svc.get("command"), n)));
        for (var w : Manifests.workloads(Manifests.k8sBaseResources())) {
            commandLines.add(Manifests.strings(Manifests.containers(w).get(0).get("args"), "args"));
        }
        commandLines.add(jsonArray(all("CMD")));
        for (List<String> cl : commandLines) {
            java.util.Set<String> opts = used.computeIfAbsent(cl.get(0), k -> new java.util.TreeSet<>());
            cl.stream().filter(a -> a.startsWith("-")).map(a -> a.split("=")[0]).forEach(opts::add);
        }
        List<String> entry = jsonArray(all("ENTRYPOINT"));
        for (var e : used.entrySet()) {
            List<String> cmd = new ArrayList<>(entry.subList(0, entry.size() - 1));
            cmd.set(0, java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add(jar.toString());
            cmd.add(e.getKey());
            cmd.add("--help");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
            for (String option : e.getValue()) {
                assertThat(out).as("`%s --help` lists %s", e.getKey(), option).contains(option);
            }
        }
    }

    private static List<String> jsonArray(List<String> values) throws Exception {
        assertThat(values).as("one exec-form instruction").hasSize(1);
        JsonNode node = DeployFiles.JSON.readTree(values.get(0));
        assertThat(node.isArray()).as("exec form (a JSON array), so signals reach the JVM").isTrue();
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}
