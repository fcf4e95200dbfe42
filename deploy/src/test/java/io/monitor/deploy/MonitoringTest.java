package io.monitor.deploy;

import static io.monitor.deploy.DeployFiles.at;
import static io.monitor.deploy.DeployFiles.list;
import static io.monitor.deploy.DeployFiles.map;
import static io.monitor.deploy.DeployFiles.str;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.SettingsLoader;
import io.monitor.core.config.TokenSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus and deploy/grafana against the app: scrape targets are the roles on the api port and the real
 * metrics path; every metric an alert rule or a dashboard panel reads is one the app exposes ({@link MetricCatalog}
 * derives that list from the sources at test time); job names agree between scrape configs, rules and panels.
 */
class MonitoringTest {
    /** Series Prometheus itself makes for every target. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "ALERTS", "ALERTS_FOR_STATE");
    private static final Pattern JOB_MATCHER = Pattern.compile("job\\s*(=~|=)\\s*\"([^\"]+)\"");

    private final int apiPort = ApiSettings.defaults().port();

    private static Map<String, Object> prometheus(String file) {
        return map(DeployFiles.yaml(DeployFiles.deploy("prometheus/" + file)), file);
    }

    /** Rule name (or panel title) → its PromQL expression. */
    static Map<String, String> ruleExpressions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object g : list(prometheus("rules.yml").get("groups"), "groups")) {
            for (Object r : list(at(g, "rules"), "rules")) {
                out.put(str(at(r, "alert")), str(at(r, "expr")));
            }
        }
        return out;
    }

    static Map<String, String> dashboardExpressions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (var file : DeployFiles.deploymentFiles("json")) {
            if (file.startsWith(DeployFiles.deploy("grafana/dashboards"))) {
                collectTargets(DeployFiles.json(file).path("panels"), out);
            }
        }
        return out;
    }

    private static void collectTargets(JsonNode panels, Map<String, String> out) {
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) {
                out.put(p.path("title").asText() + " [" + t.path("refId").asText() + "]", t.path("expr").asText());
            }
            collectTargets(p.path("panels"), out);
        }
    }

    @Test
    void composeScrapeTargetsAreTheAppServicesOnTheApiPortAtTheRealMetricsPath() {
        Set<String> targets = new TreeSet<>();
        Set<String> appServices = Manifests.composeMonitorServices().keySet();
        for (Object job : list(prometheus("prometheus.yml").get("scrape_configs"), "scrape_configs")) {
            String name = str(at(job, "job_name"));
            if (!name.startsWith("monitor-")) {
                continue;
            }
            String path = str(at(job, "metrics_path"));
            assertThat(path).as(name).isEqualTo("/metrics");
            assertThat(AppFacts.managementPaths()).contains(path);
            assertThat(AppFacts.apiPathLiterals()).contains(path);
            for (Object sc : list(at(job, "static_configs"), "static_configs")) {
                for (Object t : list(at(sc, "targets"), "targets")) {
                    String target = str(t);
                    assertThat(target).as(name).endsWith(":" + apiPort);
                    String host = target.substring(0, target.lastIndexOf(':'));
                    assertThat(appServices).as("%s scrapes %s", name, host).contains(host);
                    assertThat(name).as("job of %s", host).isEqualTo("monitor-" + host.replaceAll("-\\d+$", ""));
                    targets.add(host);
                }
            }
        }
        assertThat(targets).as("every app container is scraped").isEqualTo(new TreeSet<>(appServices));
        assertThat(list(prometheus("prometheus.yml").get("rule_files"), "rule_files")).containsExactly("/etc/prometheus/rules.yml");
    }

    @Test
    void kubernetesScrapingUsesThePodAnnotationsAndAViewerTokenTheApiAccepts() {
        Map<String, Object> job = map(list(prometheus("prometheus-k8s.yml").get("scrape_configs"), "jobs").get(0), "job");
        assertThat(str(job.get("metrics_path"))).isEqualTo("/metrics");
        String relabel = String.valueOf(job.get("relabel_configs"));
        assertThat(relabel).contains("__meta_kubernetes_pod_annotation_prometheus_io_port", "replacement=monitor-$1", "target_label=job");
        String tokenFile = str(at(job, "authorization", "credentials_file"));
        String secretKey = tokenFile.substring(tokenFile.lastIndexOf('/') + 1);
        // The variable is a viewer token of the k8s config and a key of the Secret.
        var k8sConfig = SettingsLoader.parse(DeployFiles.read(DeployFiles.deploy("k8s/base/monitor.yaml")), Map.of());
        assertThat(k8sConfig.api().tokens()).filteredOn(t -> t.tokenEnv().equals(secretKey)).extracting(TokenSettings::role)
                .containsExactly("viewer");
        var secret = Manifests.ofKind(Manifests.k8sBaseResources(), "Secret").get(0);
        assertThat(map(secret.get("stringData"), "stringData")).containsKey(secretKey);
    }

    @Test
    void everyAlertRuleIsCompleteAndReadsOnlyMetricsTheAppExposes() {
        Map<String, String> rules = ruleExpressions();
        assertThat(rules.keySet()).contains("MonitorIngestStalled", "MonitorConsumerLagGrowing", "MonitorNotificationsFailing",
                "MonitorStreamsNotRunning", "MonitorDeadLettersIncreasing");
        for (Object g : list(prometheus("rules.yml").get("groups"), "groups")) {
            for (Object r : list(at(g, "rules"), "rules")) {
                String name = str(at(r, "alert"));
                assertThat(str(at(r, "for"))).as(name).matches("\\d+[smh]");
                assertThat(str(at(r, "labels", "severity"))).as(name).isIn("warning", "critical");
                assertThat(str(at(r, "annotations", "summary"))).as(name).isNotBlank();
                assertThat(str(at(r, "annotations", "description"))).as(name).isNotBlank();
            }
        }
        assertOnlyExposedMetrics(rules);
    }

    @Test
    void everyDashboardPanelReadsOnlyMetricsTheAppExposesFromTheProvisionedDatasource() {
        Map<String, String> exprs = dashboardExpressions();
        assertThat(exprs).hasSizeGreaterThanOrEqualTo(8);
        assertOnlyExposedMetrics(exprs);

        String uid = str(at(list(at(DeployFiles.yaml(DeployFiles.deploy("grafana/provisioning/datasources/prometheus.yaml")),
                "datasources"), "datasources").get(0), "uid"));
        for (var file : DeployFiles.deploymentFiles("json")) {
            List<String> uids = new ArrayList<>();
            DeployFiles.json(file).findValues("datasource").forEach(ds -> uids.add(ds.path("uid").asText()));
            assertThat(uids).as(file.toString()).isNotEmpty().allMatch(uid::equals);
        }
        // The provider loads the directory compose mounts the dashboards into.
        String providerPath = str(at(list(at(DeployFiles.yaml(DeployFiles.deploy("grafana/provisioning/dashboards/monitor.yaml")),
                "providers"), "providers").get(0), "options", "path"));
        assertThat(Manifests.strings(at(Manifests.composeServices().get("grafana"), "volumes"), "grafana"))
                .contains("../grafana/dashboards:" + providerPath + ":ro");
    }

    @Test
    void theDashboardHasARowWithQueriesForVolumeSentimentIncidentsLagAndLatency() {
        JsonNode panels = DeployFiles.json(DeployFiles.deploy("grafana/dashboards/monitor.json")).path("panels");
        Map<String, Integer> queriesPerRow = new LinkedHashMap<>();
        String row = null;
        for (JsonNode p : panels) {
            if (p.path("type").asText().equals("row")) {
                row = p.path("title").asText().toLowerCase(java.util.Locale.ROOT);
                queriesPerRow.put(row, 0);
            } else if (row != null) {
                queriesPerRow.merge(row, p.path("targets").size(), Integer::sum);
            }
        }
        for (String topic : List.of("volume", "sentiment", "incidents", "lag", "latency")) {
            assertThat(queriesPerRow).as(topic).anySatisfy((title, queries) -> {
                assertThat(title).contains(topic);
                assertThat(queries).isPositive();
            });
        }
    }

    @Test
    void theAppBindsTheKafkaMetricsTheRulesAndPanelsRead() {
        MetricCatalog catalog = MetricCatalog.get();
        Map<String, String> all = new LinkedHashMap<>(ruleExpressions());
        all.putAll(dashboardExpressions());
        Set<String> used = new TreeSet<>();
        all.values().forEach(e -> PromQl.metricNames(e).stream().filter(catalog.kafkaBinderNames::contains).forEach(used::add));
        assertThat(used).as("the lag alert and panel read Kafka client metrics").contains("kafka_consumer_fetch_manager_records_lag_max");
        // Skipped (visibly) until the app binds a Kafka binder at all; from then on, every metric used must be bound.
        org.assertj.core.api.Assumptions.assumeThat(catalog.kafkaClientMetrics || catalog.kafkaStreamsMetrics)
                .as("the app binds KafkaStreamsMetrics/KafkaClientMetrics (not yet: the lag alert and panel see no data)").isTrue();
        assertThat(catalog.exposed).as("Kafka metrics read by rules/panels but not bound by the app "
                + "(new KafkaStreamsMetrics(streams).bindTo(registry) / new KafkaClientMetrics(client).bindTo(registry))")
                .containsAll(used);
    }

    @Test
    void jobNamesInRulesAndPanelsAreJobsPrometheusScrapes() {
        Set<String> jobs = new LinkedHashSet<>();
        for (Object job : list(prometheus("prometheus.yml").get("scrape_configs"), "scrape_configs")) {
            jobs.add(str(at(job, "job_name")));
        }
        Map<String, String> all = new LinkedHashMap<>(ruleExpressions());
        all.putAll(dashboardExpressions());
        all.forEach((where, expr) -> {
            Matcher m = JOB_MATCHER.matcher(expr);
            while (m.find()) {
                String value = m.group(2);
                if (m.group(1).equals("=")) {
                    assertThat(jobs).as("%s: job=\"%s\"", where, value).contains(value);
                } else {
                    assertThat(jobs).as("%s: job=~\"%s\"", where, value).anyMatch(j -> j.matches(value));
                }
            }
        });
    }

    /** Labels every series has (target labels) or that Prometheus/Micrometer add. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "role", "pod", "namespace", "le", "quantile");

    /**
     * Every metric the expressions read is exposed by the app, or (for Kafka client/Streams metrics) is a name
     * Micrometer's Kafka binders really produce; {@link #theAppBindsTheKafkaMetricsTheRulesAndPanelsRead} checks
     * the binding itself.
     */
    private static void assertOnlyExposedMetrics(Map<String, String> expressions) {
        MetricCatalog catalog = MetricCatalog.get();
        List<String> missing = new ArrayList<>();
        expressions.forEach((where, expr) -> {
            Set<String> names = PromQl.metricNames(expr);
            assertThat(names).as("%s reads some metric: %s", where, expr).isNotEmpty();
            for (String n : names) {
                if (!PROMETHEUS_SERIES.contains(n) && !catalog.exposed.contains(n) && !catalog.kafkaBinderNames.contains(n)) {
                    missing.add(where + ": " + n);
                }
            }
            // Labels: a product meter only has the tags its source gives it (a panel by a missing tag shows nothing).
            PromQl.matcherLabels(expr).forEach((metric, labels) -> {
                Set<String> tags = catalog.tagKeys.get(metric);
                if (tags != null) {
                    for (String l : labels) {
                        if (!TARGET_LABELS.contains(l) && !tags.contains(l)) {
                            missing.add(where + ": label " + l + " of " + metric + " (its tags: " + tags + ")");
                        }
                    }
                }
            });
            if (names.stream().allMatch(n -> catalog.tagKeys.containsKey(n) || n.equals("up"))) {
                Set<String> tags = new TreeSet<>(TARGET_LABELS);
                names.forEach(n -> tags.addAll(catalog.tagKeys.getOrDefault(n, Set.of())));
                for (String l : PromQl.groupingLabels(expr)) {
                    if (!tags.contains(l)) {
                        missing.add(where + ": grouping by " + l + ", which none of " + names + " has (" + tags + ")");
                    }
                }
            }
        });
        assertThat(missing).as("metrics the app does not expose (exposed: %s; unresolved meter names in sources: %s)",
                catalog.exposed.stream().filter(n -> n.startsWith("monitor_") || n.startsWith("kafka_stream_alive")).toList(),
                catalog.unresolved).isEmpty();
    }
}
