package io.monitor.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Real-HTTP helpers for tests: JSON requests with java.net.http and a small Server-Sent-Events reader. */
final class TestHttp {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TestHttp() {
    }

    record Response(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    static Response get(int port, String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(port, path)).GET(), headers);
    }

    static Response post(int port, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(port, path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        boolean hasType = false;
        for (int i = 0; i < headers.length; i += 2) {
            hasType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!hasType) {
            b.header("Content-Type", "application/json");
        }
        return send(b, headers);
    }

    static Response send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static URI uri(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** One parsed SSE event, or a comment line (name "comment"). */
    record SseEvent(String id, String name, String data) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + data, e);
            }
        }
    }

    /** Reads an SSE stream on a background thread into a queue. */
    static final class SseReader implements AutoCloseable {
        final int status;
        private final InputStream body;
        final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
        volatile boolean ended;

        SseReader(int port, String path, String... headers) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(port, path)).GET();
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            HttpResponse<InputStream> r = CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(10, TimeUnit.SECONDS);
            status = r.statusCode();
            body = r.body();
            Thread t = new Thread(this::read, "test-sse-reader");
            t.setDaemon(true);
            t.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String id = null;
                String name = null;
                List<String> data = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (name != null || !data.isEmpty()) {
                            events.add(new SseEvent(id, name == null ? "message" : name, String.join("\n", data)));
                        }
                        id = null;
                        name = null;
                        data.clear();
                    } else if (line.startsWith(":")) {
                        events.add(new SseEvent(null, "comment", line.substring(1).trim()));
                    } else if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.add(line.substring(6));
                    }
                }
            } catch (IOException e) {
                // closed by the test or the server
            } finally {
                ended = true;
            }
        }

        /** The next event that is not a comment, failing after the timeout. */
        SseEvent next() throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                SseEvent e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no SSE event within " + TIMEOUT);
                }
                if (!e.name().equals("comment")) {
                    return e;
                }
            }
        }

        SseEvent nextComment() throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                SseEvent e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no SSE comment within " + TIMEOUT);
                }
                if (e.name().equals("comment")) {
                    return e;
                }
            }
        }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
