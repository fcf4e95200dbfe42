package io.monitor.streams;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.monitor.core.json.Durations;
import io.monitor.core.json.Json;
import io.monitor.core.model.TimelineQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance-to-instance endpoint of routed timeline queries: {@code GET /internal/timeline?brand=&window=&from=&to=}
 * ({@code window} one of {@code 1m, 5m, 1h} (or {@code PT5M}), 1m when absent as in earlier versions' requests;
 * {@code from}/{@code to} ISO-8601 instants) answers with the JSON array of {@code TimelinePoint}s from this
 * instance's own store only (never forwarded again, so two instances with stale metadata cannot bounce a query).
 * Mount it on the role's HTTP server at {@link #PATH}, e.g.
 * {@code server.createContext(TimelineHttpHandler.PATH, service.timelineHandler())}, and pass that server's
 * {@code host:port} as {@code applicationServer} to {@link StreamsService#start}. Errors are RFC 9457 problem JSON:
 * 400 for bad parameters, 405 for other methods, 503 while the store cannot be queried (rebalancing, restoring).
 */
public final class TimelineHttpHandler implements HttpHandler {
    /** Where to mount the handler; {@link RoutedTimelineQuery} calls this path on the owning instance. */
    public static final String PATH = "/internal/timeline";
    private static final Logger LOG = LoggerFactory.getLogger(TimelineHttpHandler.class);

    private final TimelineQuery local;

    public TimelineHttpHandler(TimelineQuery local) {
        this.local = local;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "GET");
                problem(ex, 405, "Method not allowed", "only GET is supported on " + PATH);
                return;
            }
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String brand = q.get("brand");
            if (brand == null || brand.isBlank()) {
                problem(ex, 400, "Bad request", "the query parameter brand is required");
                return;
            }
            Instant from;
            Instant to;
            try {
                from = Instant.parse(q.getOrDefault("from", ""));
                to = Instant.parse(q.getOrDefault("to", ""));
            } catch (DateTimeParseException e) {
                problem(ex, 400, "Bad request", "from and to must be ISO-8601 instants such as 2026-11-27T08:00:00Z");
                return;
            }
            Duration window;
            try {
                window = q.containsKey("window") ? Durations.parse(q.get("window")) : TimelineQuery.WINDOWS.get(0);
                StoreTimelineQuery.storeOf(window);
            } catch (IllegalArgumentException e) {
                problem(ex, 400, "Bad request", "window must be one of " + StoreTimelineQuery.allowed() + " (got '"
                        + q.get("window") + "')");
                return;
            }
            byte[] body;
            try {
                body = Json.MAPPER.writeValueAsBytes(local.timeline(brand, window, from, to));
            } catch (IllegalStateException e) {
                problem(ex, 503, "Timeline store unavailable", e.getMessage());
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } catch (RuntimeException e) {
            LOG.warn("internal timeline query failed", e);
            problem(ex, 500, "Internal error", "the timeline query failed; see the streams instance's log");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void problem(HttpExchange ex, int status, String title, String detail) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        byte[] body = Json.MAPPER.writeValueAsBytes(p);
        ex.getResponseHeaders().set("Content-Type", "application/problem+json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
