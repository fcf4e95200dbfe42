package io.monitor.api.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.monitor.core.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP endpoint standing in for Slack, Teams, PagerDuty or a webhook receiver: records every request and
 * answers with the next scripted status, then with {@link #status} (settable, e.g. 503 while "down").
 */
final class LocalEndpoint implements AutoCloseable {
    record Received(String path, Map<String, String> headers, byte[] body, int status) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<Integer> script;
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    volatile int status = 200;
    volatile String answer = "";
    volatile boolean hang;

    LocalEndpoint(Integer... statuses) throws IOException {
        script = List.of(statuses);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (hang) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Map<String, String> h = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
            int n = calls.getAndIncrement();
            int code = n < script.size() ? script.get(n) : status;
            received.add(new Received(ex.getRequestURI().getPath(), h, body, code));
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
            ex.close();
        });
        server.start();
    }

    /** The requests answered with 2xx, in order. */
    List<Received> accepted() {
        return received.stream().filter(r -> r.status() >= 200 && r.status() < 300).toList();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
