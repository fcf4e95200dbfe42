package io.monitor.ingest.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.monitor.core.config.SettingsException;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import io.monitor.ingest.MentionRecords;
import io.monitor.ingest.PushBuffer;
import io.monitor.ingest.PushReceiverConnector;
import io.monitor.ingest.SourceContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mentions pushed by any other tool: {@code POST} of one {@link Mention} JSON object or an array of them to
 * {@code options.path} (default {@code /ingest/mentions}) on {@code options.port} (default 8092), with
 * {@code Authorization: Bearer <token>} (the token is the value of the variable named by {@code credentialEnv}).
 *
 * <p>A request is all or nothing: every record is validated (platform, id, createdAt required; text at most 100 000
 * characters; {@code schemaVersion} 1 or absent) and one bad record rejects the request with 400 and an RFC 9457
 * problem JSON listing every problem by index. Missing or wrong token: 401. Accepted records are answered
 * {@code 200 {"accepted": n}} once Kafka acknowledged them (503 if that takes over 20 s: send again, duplicates are
 * dropped downstream by the mention key). At most {@value #MAX_RECORDS} records and 4 MiB per request.
 */
public final class HttpPushConnector extends PushReceiverConnector {
    private static final Logger LOG = LoggerFactory.getLogger(HttpPushConnector.class);
    static final int MAX_RECORDS = 1000;
    static final int MAX_BODY = 4 << 20;

    private final byte[] token;

    public HttpPushConnector(SourceContext ctx) {
        this(ctx, System::getenv);
    }

    HttpPushConnector(SourceContext ctx, Function<String, String> env) {
        super(ctx, "push");
        String tokenEnv = ctx.source().credentialEnv();
        String t = tokenEnv == null ? null : env.apply(tokenEnv);
        if (t == null || t.length() < 16) {
            throw new SettingsException(ctx.key() + ".credentialEnv", "name an environment variable holding the push"
                    + " API token (at least 16 characters)" + (tokenEnv == null ? "" : "; " + tokenEnv + " is not"));
        }
        this.token = t.getBytes(StandardCharsets.UTF_8);
        listen(8092, "/ingest/mentions", "http-push", this::handle);
        LOG.info("{}: accepting pushed mentions on port {}", id(), port());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                problem(ex, 405, "Method not allowed", "POST one mention or a JSON array of mentions", null);
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            byte[] given = auth != null && auth.startsWith("Bearer ")
                    ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(token, given)) {
                problem(ex, 401, "Unauthorized", "send Authorization: Bearer <token of " + id() + ">", null);
                return;
            }
            byte[] body = readLimited(ex.getRequestBody(), MAX_BODY);
            if (body == null) {
                problem(ex, 413, "Payload too large", "at most " + MAX_BODY + " bytes per request", null);
                return;
            }
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                problem(ex, 400, "Invalid JSON", "the body is not JSON: " + firstLine(e.getMessage()), null);
                return;
            }
            List<JsonNode> records = new ArrayList<>();
            if (root != null && root.isArray()) {
                root.forEach(records::add);
            } else if (root != null && root.isObject()) {
                records.add(root);
            } else {
                problem(ex, 400, "Invalid mentions", "send a mention object or an array of them", null);
                return;
            }
            if (records.size() > MAX_RECORDS) {
                problem(ex, 413, "Too many mentions", "at most " + MAX_RECORDS + " per request", null);
                return;
            }
            Instant now = ctx.clock().instant();
            List<Mention> mentions = new ArrayList<>();
            ArrayNode errors = Json.MAPPER.createArrayNode();
            for (int i = 0; i < records.size(); i++) {
                try {
                    mentions.add(validate(records.get(i), now));
                } catch (IllegalArgumentException e) {
                    errors.addObject().put("index", i).put("problem", e.getMessage());
                }
            }
            if (!errors.isEmpty()) {
                problem(ex, 400, "Invalid mentions", errors.size() + " of " + records.size()
                        + " records are invalid; nothing was stored", errors);
                return;
            }
            PushBuffer.Delivery d = new PushBuffer.Delivery(mentions, List.of());
            switch (store(d, Duration.ofSeconds(20))) {
                case STORED -> respond(ex, 200, "application/json", "{\"accepted\":" + mentions.size() + "}");
                case BUSY -> problem(ex, 503, "Busy", "too many pending deliveries, retry later", null);
                case TIMED_OUT -> problem(ex, 503, "Not stored",
                        "the mentions were not stored in time; send them again", null);
                case INTERRUPTED -> problem(ex, 503, "Shutting down", "send them again later", null);
            }
        }
    }

    /** One pushed record as a Mention; throws IllegalArgumentException saying what to fix. */
    static Mention validate(JsonNode n, Instant now) {
        return MentionRecords.fromJson(n, now);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    private static void problem(HttpExchange ex, int status, String title, String detail, ArrayNode errors)
            throws IOException {
        ObjectNode p = Json.MAPPER.createObjectNode().put("type", "about:blank").put("title", title)
                .put("status", status).put("detail", detail);
        if (errors != null) {
            p.set("errors", errors);
        }
        respond(ex, status, "application/problem+json", p.toString());
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

}
