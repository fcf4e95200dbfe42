package io.monitor.api.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.monitor.api.auth.Auth;
import io.monitor.api.auth.Principal;
import io.monitor.core.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches requests to {@link Route}s, checks each route's role, records a timer per route template, and is the ONE
 * place where failures become RFC 9457 {@code application/problem+json} responses: {@link ApiException}s keep their
 * status and message; anything else is a 500 with a generic message and an error id that is also logged with the
 * stack trace, so the user never sees internals.
 *
 * <p>First matching route wins, so literal routes ({@code /incidents/stream}) are registered before templated ones
 * ({@code /incidents/{fingerprint}}).
 */
public final class Router implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    public static final String PROBLEM_JSON = "application/problem+json";
    /** Longest request URI (path and query) served; longer ones get a 414. */
    public static final int MAX_URI_CHARS = 8192;

    private final List<Route> routes = new ArrayList<>();
    private final Auth auth;
    private final int maxBodyBytes;
    private final MeterRegistry meters;

    public Router(Auth auth, int maxBodyBytes, MeterRegistry meters) {
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
        this.meters = meters;
    }

    public Router add(Route route) {
        routes.add(route);
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        String routeTag = "unmatched";
        Request request = null;
        int status;
        try {
            // The JDK server puts no limit on the request line; no route needs more than a few hundred characters.
            if (exchange.getRequestURI().toString().length() > MAX_URI_CHARS) {
                throw new ApiException(414, "uri-too-long", "URI too long", "request URIs are limited to "
                        + MAX_URI_CHARS + " characters").with("maxUriChars", MAX_URI_CHARS);
            }
            List<String> segments = decodedSegments(exchange.getRequestURI().getRawPath());
            String method = exchange.getRequestMethod();
            Route found = null;
            Map<String, String> params = null;
            Set<String> allowed = new LinkedHashSet<>();
            for (Route r : routes) {
                Map<String, String> p = r.match(segments);
                if (p == null) {
                    continue;
                }
                allowed.add(r.method());
                if (r.method().equals("GET")) {
                    allowed.add("HEAD");
                }
                if (found == null && (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET")))) {
                    found = r;
                    params = p;
                }
            }
            request = new Request(exchange, params == null ? Map.of() : params, maxBodyBytes);
            if (found == null) {
                if (allowed.isEmpty()) {
                    throw ApiException.notFound("no resource at " + Request.abbreviate(exchange.getRequestURI().getPath()));
                }
                throw new ApiException(405, "method-not-allowed", "Method not allowed",
                        method + " is not supported here; use " + String.join(", ", allowed))
                        .header("Allow", String.join(", ", allowed));
            }
            routeTag = found.template();
            Principal principal = auth.authenticate(request.header("Authorization"),
                    found.template().endsWith("/stream") ? request.query("access_token") : null, found.role() != null);
            auth.require(principal, found.role());
            request.principal(principal);
            found.handler().handle(request);
            status = request.committed() ? request.status() : 204;
            if (!request.committed()) {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
        } catch (ApiException e) {
            status = e.status();
            respondProblem(exchange, request, e, null);
        } catch (IOException e) {
            // The connection failed while we talked to the client (it went away mid-response): nothing to answer.
            status = request != null && request.committed() ? request.status() : 499;
            LOG.debug("connection to client lost on {} {}: {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), e.toString());
            exchange.close();
        } catch (Exception | Error e) {
            status = 500;
            String errorId = UUID.randomUUID().toString();
            LOG.error("unexpected error {} on {} {}", errorId, exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), e);
            ApiException generic = new ApiException(500, "internal-error", "Internal server error",
                    "something went wrong on our side; the error id " + errorId + " is in the server log")
                    .with("errorId", errorId);
            respondProblem(exchange, request, generic, errorId);
        }
        Timer.builder("monitor.api.requests").description("HTTP requests by route template, method and status")
                .tag("route", routeTag).tag("method", boundedMethod(exchange.getRequestMethod()))
                .tag("status", Integer.toString(status)).register(meters)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static void respondProblem(HttpExchange exchange, Request request, ApiException e, String errorId) {
        if (request != null && request.committed()) {
            // Headers are gone (a stream broke mid-way): nothing sensible can be sent, just end the exchange.
            exchange.close();
            return;
        }
        try {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "urn:monitor:problem:" + e.type());
            problem.put("title", e.title());
            problem.put("status", e.status());
            problem.put("detail", e.getMessage());
            problem.put("instance", exchange.getRequestURI().getPath());
            e.extensions().forEach(problem::putIfAbsent);
            byte[] body = Json.MAPPER.writeValueAsBytes(problem);
            e.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.getResponseHeaders().set("Content-Type", PROBLEM_JSON);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(e.status(), head ? -1 : body.length);
            if (!head) {
                exchange.getResponseBody().write(body);
            }
        } catch (IOException | RuntimeException io) {
            LOG.debug("could not send problem response{}: {}", errorId == null ? "" : " " + errorId, io.toString());
        } finally {
            exchange.close();
        }
    }

    private static List<String> decodedSegments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : Route.split(rawPath == null || rawPath.isEmpty() ? "/" : rawPath)) {
            try {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw ApiException.badParameter("path", "is not correctly URL-encoded");
            }
        }
        return out;
    }

    private static String boundedMethod(String m) {
        switch (m) {
            case "GET": case "HEAD": case "POST": case "PUT": case "DELETE": case "PATCH": case "OPTIONS":
                return m;
            default:
                return "OTHER";
        }
    }
}
