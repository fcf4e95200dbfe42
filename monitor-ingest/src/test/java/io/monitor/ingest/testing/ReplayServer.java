package io.monitor.ingest.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server for connector tests: answers from a handler (the replay of recorded payloads), after first
 * serving any queued faults (429 with Retry-After, 5xx, a garbage body, a connection dropped midway).
 */
public final class ReplayServer implements AutoCloseable {

    /** An answer: status, headers, body. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply json(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), body);
        }
    }

    /** The replay: given the request URI, what to answer. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(URI uri);
    }

    /** A fault to serve once, instead of the replay. */
    public sealed interface Fault permits Status, Drop, Stall {
    }

    public record Status(int status, Map<String, String> headers, String body) implements Fault {
    }

    /** Sends headers announcing a long body, writes a few bytes, closes the connection. */
    public record Drop() implements Fault {
    }

    /**
     * Sends the headers announcing a body and its first bytes, then stays silent for {@code silence} (longer than the
     * client's timeout: a stalled server) before closing the connection.
     */
    public record Stall(java.time.Duration silence) implements Fault {
    }

    private final HttpServer server;
    private final Deque<Fault> faults = new ArrayDeque<>();
    public final List<URI> requests = new CopyOnWriteArrayList<>();
    private volatile com.sun.net.httpserver.Headers lastHeaders;
    private volatile Handler handler;

    public ReplayServer(Handler handler) {
        this.handler = handler;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        // several threads: a stalled answer must not hold up the client's next request
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "replay-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized void fault(Fault f) {
        faults.add(f);
    }

    private volatile java.util.function.Function<URI, Fault> schedule = uri -> null;

    /** Asked on every request once the queued faults are served: a fault to serve instead of the replay, or null. */
    public void schedule(java.util.function.Function<URI, Fault> s) {
        schedule = s;
    }

    private void serve(HttpExchange ex) throws IOException {
        lastHeaders = ex.getRequestHeaders();
        requests.add(ex.getRequestURI());
        Fault f;
        synchronized (this) {
            f = faults.poll();
        }
        if (f == null) {
            f = schedule.apply(ex.getRequestURI());
        }
        try (ex) {
            if (f instanceof Drop) {
                ex.sendResponseHeaders(200, 10_000);
                OutputStream out = ex.getResponseBody();
                out.write("[{\"id\":".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // closing the exchange with fewer bytes than announced makes the client see a broken connection
                return;
            }
            if (f instanceof Stall stall) {
                ex.sendResponseHeaders(200, 10_000);
                OutputStream out = ex.getResponseBody();
                out.write("{\"hits\":[".getBytes(StandardCharsets.UTF_8));
                out.flush();
                try {
                    Thread.sleep(stall.silence().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            Reply r = f instanceof Status s ? new Reply(s.status(), s.headers(), s.body()) : handler.handle(ex.getRequestURI());
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] body = r.body() == null ? new byte[0] : r.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
        }
    }

    /** A header of the request being (or last) served, null when absent. */
    public String lastRequestHeader(String name) {
        com.sun.net.httpserver.Headers h = lastHeaders;
        return h == null ? null : h.getFirst(name);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The query parameters of a URI, decoded. */
    public static Map<String, String> query(URI uri) {
        Map<String, String> m = new java.util.HashMap<>();
        String q = uri.getRawQuery();
        if (q == null) {
            return m;
        }
        for (String p : q.split("&")) {
            int i = p.indexOf('=');
            String k = java.net.URLDecoder.decode(i < 0 ? p : p.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : java.net.URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }
}
