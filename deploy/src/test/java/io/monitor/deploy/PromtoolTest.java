package io.monitor.deploy;

import static io.monitor.deploy.DeployFiles.at;
import static io.monitor.deploy.DeployFiles.list;
import static io.monitor.deploy.DeployFiles.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerting rules as Prometheus itself reads them: syntax, and the timelines of deploy/prometheus/rules.test.yml
 * (each rule fires when it should and not before). Needs {@code promtool} on the PATH (Debian: {@code apt-get install
 * prometheus}); skipped without it. The coverage check below runs everywhere.
 */
class PromtoolTest {

    @Test
    void everyRequiredAlertHasATimelineTest() {
        Set<String> tested = new TreeSet<>();
        for (Object t : list(at(DeployFiles.yaml(DeployFiles.deploy("prometheus/rules.test.yml")), "tests"), "tests")) {
            for (Object a : list(at(t, "alert_rule_test"), "alert_rule_test")) {
                tested.add(str(at(a, "alertname")));
            }
        }
        assertThat(MonitoringTest.ruleExpressions().keySet()).containsAll(tested);
        assertThat(tested).contains("MonitorIngestStalled", "MonitorConsumerLagGrowing", "MonitorNotificationsFailing",
                "MonitorDeadLettersIncreasing", "MonitorStreamsNotRunning", "MonitorRoleDown");
    }

    @Test
    void theRulesPassTheirTimelineTests() throws Exception {
        run(promtool(), "test", "rules", DeployFiles.deploy("prometheus/rules.test.yml").toString());
    }

    @Test
    void theComposeScrapeConfigAndItsRulesAreValid(@TempDir Path dir) throws Exception {
        String promtool = promtool();
        // The config names the rules by their path in the container; point it at the file here.
        String config = DeployFiles.read(DeployFiles.deploy("prometheus/prometheus.yml"))
                .replace("/etc/prometheus/rules.yml", DeployFiles.deploy("prometheus/rules.yml").toString());
        Path copy = dir.resolve("prometheus.yml");
        Files.writeString(copy, config);
        run(promtool, "check", "config", copy.toString());
    }

    @Test
    void everyDashboardQueryIsValidPromQl(@TempDir Path dir) throws Exception {
        String promtool = promtool();
        // promtool has no query checker; as recording rules the panel queries are parsed by Prometheus itself.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String expr : MonitoringTest.dashboardExpressions().values()) {
            String promql = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h");
            rules.append("      - record: dashboard:panel_").append(i++).append("\n        expr: ")
                    .append(DeployFiles.JSON.writeValueAsString(promql)).append('\n');
        }
        Path file = dir.resolve("dashboard-rules.yml");
        Files.writeString(file, rules.toString());
        run(promtool, "check", "rules", file.toString());
    }

    private static String promtool() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, "promtool");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        assumeThat((String) null).as("promtool on PATH").isNotNull();
        return null;
    }

    private static void run(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    }
}
