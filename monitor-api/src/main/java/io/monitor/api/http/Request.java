package io.monitor.api.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.sun.net.httpserver.HttpExchange;
import io.monitor.api.auth.Principal;
import io.monitor.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP request as handlers see it: path and query parameters, the caller, a size-limited body, and responses. */
public final class Request {
    private final HttpExchange exchange;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final int maxBodyBytes;
    private Principal principal;
    private boolean committed;
    private int status;

    Request(HttpExchange exchange, Map<String, String> pathParams, int maxBodyBytes) {
        this.exchange = exchange;
        this.pathParams = pathParams;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
        this.maxBodyBytes = maxBodyBytes;
    }

    public HttpExchange exchange() {
        return exchange;
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    public String query(String name) {
        return query.get(name);
    }

    public Map<String, String> queryParams() {
        return query;
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    public Principal principal() {
        return principal;
    }

    void principal(Principal p) {
        this.principal = p;
    }

    boolean committed() {
        return committed;
    }

    int status() {
        return status;
    }

    /** An optional ISO-8601 instant parameter; 400 naming the parameter when it does not parse. */
    public Instant instantParam(String name, Instant fallback) {
        String v = query(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(v.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter(name, "must be an ISO-8601 instant such as 2026-11-27T08:00:00Z, got '"
                    + abbreviate(v) + "'");
        }
    }

    public int intParam(String name, int fallback, int min, int max) {
        String v = query(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw ApiException.badParameter(name, "must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badParameter(name, "must be a whole number, got '" + abbreviate(v) + "'");
        }
    }

    /**
     * The JSON body as a tree: 415 unless it is {@code application/json}, 413 when larger than the limit, 400 when it
     * is not JSON (UTF-8 only, nothing after the value). An empty body reads as JSON null.
     */
    public JsonNode jsonBody() {
        String contentType = header("Content-Type");
        byte[] body = body();
        if (body.length == 0) {
            return NullNode.getInstance();
        }
        if (contentType == null || !contentType.toLowerCase().trim().startsWith("application/json")) {
            throw new ApiException(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json (got " + (contentType == null ? "no Content-Type" : contentType) + ")");
        }
        String text;
        try {
            // Strictly UTF-8 (RFC 8259 section 8.1): the parser would otherwise guess UTF-16/32 from the first bytes
            // and accept text the client never meant to send.
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badBody(null, "is not valid UTF-8; send JSON encoded as UTF-8");
        }
        try {
            // Trailing content ('{"text":"x"} junk') is an error, not silently ignored.
            return Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
        } catch (IOException e) {
            throw ApiException.badBody(null, "is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private byte[] body() {
        String length = header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    throw tooLarge();
                }
            } catch (NumberFormatException ignored) {
                // chunked or garbage: the streaming limit below still applies
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                if (out.size() > maxBodyBytes) {
                    throw tooLarge();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badBody(null, "could not be read: " + e.getMessage());
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "body-too-large", "Request body too large",
                "request bodies are limited to " + maxBodyBytes + " bytes").with("maxBodyBytes", maxBodyBytes);
    }

    /** A JSON answer; gzip-compressed when it is large and the client accepts gzip ({@link Compression}). */
    public void json(int status, Object value) throws IOException {
        byte[] body = Json.MAPPER.writeValueAsBytes(value);
        if (body.length >= Compression.MIN_BYTES) {
            exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
            if (Compression.acceptsGzip(header("Accept-Encoding"))) {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                body = Compression.gzip(body);
            }
        }
        bytes(status, "application/json", body);
    }

    public void bytes(int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        commit(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    /** Sends the headers of a streamed response (chunked); the caller writes the body and closes the exchange. */
    public OutputStream stream(int status, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        commit(status, 0);
        return exchange.getResponseBody();
    }

    private void commit(int status, long length) throws IOException {
        committed = true;
        this.status = status;
        exchange.sendResponseHeaders(status, length);
    }

    static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                throw ApiException.badParameter(abbreviate(pair), "is not correctly URL-encoded");
            }
        }
        return out;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
