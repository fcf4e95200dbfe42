package io.monitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every deployment file parses, and every Kafka topic any of them names is one the app creates. */
class DeploymentFilesTest {
    /**
     * Dotted names in the product's namespace that look like topics (metric names are underscored in these files);
     * file names (monitor.yaml, monitor.jar) and host names (monitor.example.com) are not topics.
     */
    private static final Pattern TOPIC_LIKE = Pattern.compile("(?<![\\w.])monitor\\.[a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)*\\b");

    private static final Set<String> NOT_TOPICS = Set.of("yaml", "yml", "json", "jar", "com", "org", "net", "io", "local");

    @Test
    void everyYamlAndJsonFileParses() {
        List<Path> files = DeployFiles.deploymentFiles("yaml", "yml", "json");
        assertThat(files).extracting(p -> DeployFiles.deployDir().relativize(p).toString().replace('\\', '/'))
                .contains("compose/compose.yaml", "compose/monitor.yaml", "k8s/base/kustomization.yaml",
                        "k8s/overlays/production/kustomization.yaml", "prometheus/prometheus.yml", "prometheus/rules.yml",
                        "grafana/dashboards/monitor.json");
        for (Path f : files) {
            if (f.toString().endsWith(".json")) {
                assertThatCode(() -> DeployFiles.json(f)).as(f.toString()).doesNotThrowAnyException();
            } else {
                assertThatCode(() -> assertThat(DeployFiles.yamlDocuments(f)).isNotEmpty()).as(f.toString()).doesNotThrowAnyException();
                assertThat(DeployFiles.read(f)).as("%s: YAML forbids tabs for indentation", f).doesNotContain("\t");
            }
        }
    }

    @Test
    void everyTopicNamedInADeploymentFileIsOneTheAppCreates() {
        Set<String> topics = AppFacts.topicNames();
        assertThat(topics).contains("monitor.mentions.raw", "monitor.deadletter");
        List<String> unknown = new ArrayList<>();
        int mentioned = 0;
        for (Path f : DeployFiles.deploymentFiles()) {
            if (f.getFileName().toString().equals("pom.xml")) {
                continue;
            }
            Matcher m = TOPIC_LIKE.matcher(DeployFiles.read(f));
            while (m.find()) {
                String last = m.group().substring(m.group().lastIndexOf('.') + 1);
                if (NOT_TOPICS.contains(last)) {
                    continue;
                }
                mentioned++;
                if (!topics.contains(m.group())) {
                    unknown.add(DeployFiles.deployDir().relativize(f) + ": " + m.group());
                }
            }
        }
        assertThat(mentioned).as("the files do name topics (in alert texts and comments)").isPositive();
        assertThat(unknown).as("topics not in Topics.all() %s", topics).isEmpty();
    }
}
