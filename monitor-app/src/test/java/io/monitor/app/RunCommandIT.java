package io.monitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the README promises of {@code monitor run}: in a child JVM (as a user starts it), an embedded broker, the demo
 * source, Streams and the API come up, the demo crisis shows as an incident on the API, SIGTERM (what Ctrl-C sends
 * to the JVM) stops everything within seconds, and a second start on the same data directory still knows the incident.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RunCommandIT {
    private static final Pattern DASHBOARD = Pattern.compile("Dashboard: http://localhost:(\\d+)/");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void runShowsTheDemoCrisisStopsOnSigtermAndKeepsItsDataAcrossARestart(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, """
                brands:
                  - id: nordbahn
                    name: Nordbahn
                    query: 'nordbahn OR "nord bahn" OR @nordbahn OR #nordbahn'
                    hashtags: [nordbahn]
                  - id: fjordphone
                    name: Fjord Phone
                    query: '"fjord phone" OR fjordphone OR @fjordphone OR #fjordphone'
                    hashtags: [fjordphone]
                ingest:
                  demo:
                    ratePerSecond: 5
                    firstCrisisAfter: 15s
                    crisisEvery: 10m
                    crisisLength: 60s
                    crisisRate: 8
                """);
        Path data = dir.resolve("data");

        Started first = start(config, data);
        String fingerprint;
        long t0 = System.nanoTime();
        try {
            JsonNode incident = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> firstIncident(first.port), n -> n != null);
            fingerprint = incident.path("fingerprint").asText();
            System.out.printf("run: first alert %d ms after the dashboard was up%n", (System.nanoTime() - t0) / 1_000_000);
        } finally {
            long stop = System.nanoTime();
            first.process.destroy(); // SIGTERM, as Ctrl-C
            assertThat(first.process.waitFor(20, TimeUnit.SECONDS)).as("stops within 20 s of SIGTERM").isTrue();
            System.out.printf("run: stopped in %d ms%n", (System.nanoTime() - stop) / 1_000_000);
        }

        Started second = start(config, data);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + second.port + "/api/v1/incidents/" + fingerprint)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200;
            });
        } finally {
            second.process.destroy();
            assertThat(second.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    private record Started(Process process, int port, List<String> output) {
    }

    private static Started start(Path config, Path data) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx768m", "-cp", System.getProperty("java.class.path"), MonitorApp.class.getName(),
                "run", "--config", config.toString(), "--data-dir", data.toString(), "--port", "0", "--kafka-port", "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                    Matcher m = DASHBOARD.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("monitor run ended before serving:\n"
                    + String.join("\n", output)));
        }, "run-output");
        reader.setDaemon(true);
        reader.start();
        return new Started(p, port.get(90, TimeUnit.SECONDS), output);
    }

    private JsonNode firstIncident(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/incidents")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return null;
        }
        JsonNode list = Json.MAPPER.readTree(r.body()).path("incidents");
        return list.isArray() && list.size() > 0 ? list.get(0) : null;
    }
}
