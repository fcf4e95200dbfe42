package io.monitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.monitor.core.json.Json;
import io.monitor.core.model.AlertRules;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance walkthrough of a community manager's crisis, with every role running together as {@code monitor run}
 * runs them (a child JVM: embedded Kafka broker, demo source, Streams, API, notifications), and the notification
 * channels pointed at local stand-ins on this machine: a Slack incoming webhook and PagerDuty's Events API v2 (the Slack
 * URL and the PagerDuty routing key come from the environment variables named by {@code urlEnv}, PagerDuty's endpoint
 * from {@code options.url}; plain http is accepted for localhost only).
 *
 * <p>Timeline (demo crisis {@code firstCrisisAfter: 3s}, 30 s detection window evaluated every 5 s, Slack repeats every
 * 10 s while nobody acknowledges):
 * <ol>
 *   <li>t0: the demo crisis starts;</li>
 *   <li>the negative-volume incident appears on the live stream {@code /api/v1/incidents/stream};</li>
 *   <li>Slack gets a readable message (brand name, dashboard link with the fingerprint, the observed count) and
 *       PagerDuty a {@code trigger} whose {@code dedup_key} is the fingerprint;</li>
 *   <li>Slack repeats it while nobody acknowledges;</li>
 *   <li>a responder acknowledges through the REST API: PagerDuty gets {@code acknowledge} with the same key, Slack one
 *       follow-up and then no repeat for two repeat intervals (any later Slack message must be news that PagerDuty also
 *       got, e.g. a severity rise);</li>
 *   <li>the dashboard page serves, and the list it loads shows the incident acknowledged by the responder.</li>
 * </ol>
 * The assertions on messages avoid their wording (the texts are localized and reworded independently): they check the
 * brand's display name, the dashboard link and the number. Milestones are printed with their time since start.
 *
 * <p>Run alone: {@code ./mvnw -o -pl monitor-app verify -Dit.test=CommunityManagerWalkthroughIT
 * -Dfailsafe.failIfNoSpecifiedTests=false -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CommunityManagerWalkthroughIT {
    private static final String BRAND = "nordbahn";
    private static final String BRAND_NAME = "Nordbahn Regional";
    private static final String TOKEN = "walkthrough-responder-token-0123456789";
    private static final String ROUTING_KEY = "R0UT1NGKEYWALKTHROUGH000000000000";
    private static final Duration REPEAT = Duration.ofSeconds(10);
    /** How often the API checks for due repeats (ApiServer.SNOOZE_CHECK). */
    private static final Duration TICK = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final long t0 = System.nanoTime();

    @Test
    void aDemoCrisisReachesSlackPagerDutyTheStreamAndTheDashboardAndAnAcknowledgementQuietsIt(@TempDir Path dir)
            throws Exception {
        try (Receiver slack = new Receiver("/services/T000/B000/walkthrough");
             Receiver pagerDuty = new Receiver("/v2/enqueue")) {
            int port = freePort();
            String publicUrl = "http://localhost:" + port;
            Path config = dir.resolve("monitor.yaml");
            Files.writeString(config, """
                    brands:
                      - id: %s
                        name: %s
                        query: 'nordbahn OR "nord bahn" OR @nordbahn OR #nordbahn'
                        hashtags: [nordbahn]
                    ingest:
                      demo:
                        ratePerSecond: 3
                        firstCrisisAfter: 3s
                        crisisEvery: 30m
                        crisisLength: 40s
                        crisisRate: 15
                    detection:
                      window: 30s
                      advance: 5s
                      resolveAfter: 5m
                    api:
                      host: 127.0.0.1
                      tokens:
                        - {name: jana, role: responder, tokenEnv: WALKTHROUGH_CM_TOKEN}
                    notifications:
                      - id: cm-slack
                        type: slack
                        urlEnv: WALKTHROUGH_SLACK_URL
                        options: {repeatInterval: %ds, language: de}
                      - id: oncall-pd
                        type: pagerduty
                        urlEnv: WALKTHROUGH_PD_ROUTING_KEY
                        options: {url: "%s"}
                    """.formatted(BRAND, BRAND_NAME, REPEAT.toSeconds(), pagerDuty.url()));
            Map<String, String> env = Map.of("WALKTHROUGH_CM_TOKEN", TOKEN, "WALKTHROUGH_SLACK_URL", slack.url(),
                    "WALKTHROUGH_PD_ROUTING_KEY", ROUTING_KEY);
            Path log = Path.of("target", "walkthrough-run.log").toAbsolutePath();
            Run run = Run.start(List.of("--config", config.toString(), "--data-dir", dir.resolve("data").toString(),
                    "--port", String.valueOf(port), "--kafka-port", "0"), env, log);
            try {
                walk(run, port, publicUrl, slack, pagerDuty);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n(monitor run's output is in " + log + ")", e);
            } finally {
                run.process.destroy(); // SIGTERM, as Ctrl-C
                assertThat(run.process.waitFor(20, TimeUnit.SECONDS)).as("monitor run stops on SIGTERM").isTrue();
                milestone("stopped");
            }
        }
    }

    private void walk(Run run, int port, String publicUrl, Receiver slack, Receiver pagerDuty) throws Exception {
        milestone("dashboard up on port " + port);
        String base = "http://127.0.0.1:" + port;

        // 1. A community manager's live stream, open before the crisis starts.
        List<JsonNode> stream = new CopyOnWriteArrayList<>();
        http.sendAsync(get(base + "/api/v1/incidents/stream").build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> r.body().forEach(line -> {
                    if (line.startsWith("data:")) {
                        try {
                            stream.add(Json.MAPPER.readTree(line.substring(5)));
                        } catch (IOException e) {
                            stream.add(Json.MAPPER.createObjectNode().put("unreadable", line));
                        }
                    }
                }));

        // 2. The demo crisis starts a few seconds after start; the negative-volume incident appears on the stream.
        JsonNode opened = await("the incident on the live stream").atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(200)).until(() -> stream.stream()
                        .filter(e -> BRAND.equals(e.at("/incident/brand").asText())
                                && AlertRules.NEGATIVE_VOLUME_SPIKE.equals(e.at("/incident/rule").asText()))
                        .findFirst().orElse(null), e -> e != null);
        String fp = opened.at("/incident/fingerprint").asText();
        String observed = opened.at("/incident/annotations/observed").asText();
        milestone("incident " + fp + " on the stream (" + opened.path("change").asText() + ", "
                + opened.at("/incident/severity").asText() + ", " + observed + " negatives)");
        assertThat(opened.path("change").asText()).isEqualTo("opened");
        assertThat(fp).matches("[0-9a-f]{8,}");
        assertThat(observed).as("the observed count").matches("\\d+");

        // 3. Slack: a readable message about this incident; PagerDuty: a trigger with the fingerprint as dedup key.
        JsonNode first = await("the Slack message").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> slack.about(fp).stream().findFirst().orElse(null), m -> m != null);
        milestone("Slack message received: " + first.path("text").asText());
        String text = first.toString();
        assertThat(text).as("the brand's display name").contains(BRAND_NAME)
                .as("a link to the incident on the dashboard").contains(publicUrl + "/#incident=" + fp)
                .as("the observed number of negative posts").containsPattern("\\b" + observed + "\\b");
        JsonNode trigger = await("the PagerDuty trigger").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> pagerDuty.about(fp).stream().findFirst().orElse(null), m -> m != null);
        milestone("PagerDuty trigger received");
        assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.path("dedup_key").asText()).isEqualTo(fp);
        assertThat(trigger.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
        assertThat(trigger.toString()).contains(publicUrl + "/#incident=" + fp);

        // 4. Nobody acknowledges: Slack hears it again (a repeat is a Slack message PagerDuty did not get as news).
        await("a Slack repeat while unacknowledged").atMost(REPEAT.plus(TICK).plusSeconds(8))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> slack.about(fp).size() > triggers(pagerDuty, fp));
        milestone("Slack repeat received (" + slack.about(fp).size() + " Slack messages, " + triggers(pagerDuty, fp)
                + " PagerDuty triggers)");

        // 5. A responder acknowledges through the REST API.
        int slackBefore = slack.about(fp).size();
        int triggersBefore = triggers(pagerDuty, fp);
        HttpResponse<String> ack = http.send(get(base + "/api/v1/incidents/" + fp + "/acknowledge")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"Pressestelle informiert\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ack.body()).at("/incident/state").asText()).isEqualTo("acknowledged");
        milestone("acknowledged by the responder");

        JsonNode acknowledge = await("PagerDuty's acknowledge").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200)).until(() -> pagerDuty.about(fp).stream()
                        .filter(e -> e.path("event_action").asText().equals("acknowledge")).findFirst().orElse(null),
                        e -> e != null);
        assertThat(acknowledge.path("dedup_key").asText()).isEqualTo(fp);
        milestone("PagerDuty acknowledge received");

        // No repeat for two repeat intervals plus a tick: Slack gets the acknowledgement and only news after it.
        long quietFrom = System.nanoTime();
        Thread.sleep(REPEAT.plus(TICK).plusSeconds(1).toMillis());
        int slackAfter = slack.about(fp).size() - slackBefore;
        int newsAfter = triggers(pagerDuty, fp) - triggersBefore;
        milestone("quiet for " + (System.nanoTime() - quietFrom) / 1_000_000 + " ms: " + slackAfter
                + " Slack message(s) after the acknowledgement, " + newsAfter + " news");
        assertThat(slackAfter).as("Slack after the acknowledgement: its follow-up plus any news, and no repeat")
                .isEqualTo(1 + newsAfter);
        assertThat(pagerDuty.about(fp).stream().filter(e -> e.path("event_action").asText().equals("acknowledge")))
                .as("one acknowledge").hasSize(1);
        assertThat(pagerDuty.about(fp)).allSatisfy(e -> assertThat(e.path("dedup_key").asText()).isEqualTo(fp));

        // 6. The dashboard serves, and the list it loads shows the incident, acknowledged by the responder.
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("/assets/dashboard.js").contains("id=\"incidents\"");
        HttpResponse<String> list = http.send(get(base + "/api/v1/incidents?limit=500").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode listed = null;
        for (JsonNode i : Json.MAPPER.readTree(list.body()).path("incidents")) {
            if (i.path("fingerprint").asText().equals(fp)) {
                listed = i;
            }
        }
        assertThat(listed).as("the dashboard's incident list holds " + fp).isNotNull();
        assertThat(listed.path("brand").asText()).isEqualTo(BRAND);
        assertThat(listed.path("state").asText()).isEqualTo("acknowledged");
        assertThat(listed.path("acknowledgedBy").asText()).isEqualTo("jana");
        assertThat(stream).as("the stream told about the acknowledgement too").anyMatch(e ->
                fp.equals(e.at("/incident/fingerprint").asText()) && "acknowledged".equals(e.at("/incident/state").asText()));
        milestone("dashboard lists the incident");

        // 7. The brand's timeline, as the incident view plots it, in each window size the API offers: the demo's
        // mentions with their authors, reach and terms (the 5-minute and 1-hour windows are rolled up every 5 s).
        for (String window : List.of("1m", "5m", "1h")) {
            JsonNode points = await("the " + window + " timeline").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        HttpResponse<String> t = http.send(get(base + "/api/v1/brands/" + BRAND + "/timeline?window="
                                + window).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(t.statusCode()).as("timeline %s: %s", window, t.body()).isEqualTo(200);
                        return Json.MAPPER.readTree(t.body()).path("points");
                    }, p -> p.size() > 0);
            JsonNode last = points.get(points.size() - 1);
            assertThat(last.path("volume").asLong()).as(window + " volume").isPositive();
            assertThat(last.path("uniqueAuthors").asLong()).as(window + " unique authors").isPositive();
            assertThat(last.path("reach").asLong()).as(window + " reach").isPositive();
            assertThat(last.path("topTerms").size()).as(window + " top terms").isPositive();
            assertThat(last.path("topAuthors").size()).as(window + " top authors").isPositive();
        }
        milestone("timelines in 1-minute, 5-minute and 1-hour windows");
    }

    private static int triggers(Receiver pagerDuty, String fp) {
        return (int) pagerDuty.about(fp).stream().filter(e -> e.path("event_action").asText().equals("trigger")).count();
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(10));
    }

    private void milestone(String what) {
        System.out.printf("walkthrough %6d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, what);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A local stand-in for a webhook receiver: accepts every POST to {@code path} and keeps its JSON body. */
    static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final String path;
        final List<JsonNode> received = new CopyOnWriteArrayList<>();

        Receiver(String path) throws IOException {
            this.path = path;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext(path, ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                int status = 200;
                byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
                try {
                    JsonNode json = Json.MAPPER.readTree(body);
                    received.add(json);
                    if (json.has("dedup_key")) { // PagerDuty answers 202 with the key
                        status = 202;
                        answer = Json.MAPPER.writeValueAsBytes(Map.of("status", "success", "message",
                                "Event processed", "dedup_key", json.path("dedup_key").asText()));
                    }
                } catch (IOException e) {
                    status = 400;
                    answer = "invalid_payload".getBytes(StandardCharsets.UTF_8);
                }
                ex.sendResponseHeaders(status, answer.length);
                ex.getResponseBody().write(answer);
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        /** The messages that name the incident {@code fp} (in a link, the context line or the dedup key). */
        List<JsonNode> about(String fp) {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode m : received) {
                if (m.toString().contains(fp)) {
                    out.add(m);
                }
            }
            return out;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** {@code monitor run} in a child JVM, as a user starts it; its output goes to {@code log}. */
    record Run(Process process, List<String> output) {
        /**
         * This test's class path with the module's shaded jar replaced by its classes: the shaded jar bundles copies of
         * every module's classes, and when the jar plugin leaves an already shaded {@code monitor.jar} in place the
         * shade plugin bundles those old copies again, ahead of the current jars of the other modules.
         */
        static String classPath() {
            List<String> out = new ArrayList<>();
            for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path p = Path.of(e);
                boolean shaded = p.getFileName() != null && p.getFileName().toString().equals("monitor.jar")
                        && p.getParent() != null && p.getParent().getFileName().toString().equals("target");
                out.add(shaded ? p.resolveSibling("classes").toString() : e);
            }
            return String.join(java.io.File.pathSeparator, out);
        }

        static Run start(List<String> args, Map<String, String> env, Path log) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms256m", "-Xmx768m", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                    MonitorApp.class.getName(), "run"));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            List<String> output = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> up = new CompletableFuture<>();
            Files.createDirectories(log.getParent());
            Thread pump = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                     var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        output.add(line);
                        out.write(line);
                        out.newLine();
                        out.flush();
                        if (line.startsWith("Dashboard: http://localhost:")) {
                            up.complete(null);
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
                up.completeExceptionally(new IllegalStateException("monitor run ended before serving:\n"
                        + String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()))));
            }, "walkthrough-run-output");
            pump.setDaemon(true);
            pump.start();
            try {
                up.get(45, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                throw e;
            }
            return new Run(p, output);
        }
    }
}
