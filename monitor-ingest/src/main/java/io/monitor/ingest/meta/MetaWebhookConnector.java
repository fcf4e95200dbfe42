package io.monitor.ingest.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.monitor.core.config.SettingsException;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.PushBuffer.Delivery;
import io.monitor.ingest.PushReceiverConnector;
import io.monitor.ingest.SourceContext;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A receiver for Meta (Facebook) Page webhooks, {@code feed} field: an HTTP endpoint on {@code options.port} (default
 * 8091) at {@code options.path} (default {@code /webhooks/meta}).
 *
 * <ul>
 *   <li>{@code GET} is the subscription handshake: {@code hub.mode=subscribe} and {@code hub.verify_token} equal to the
 *   value of the variable named by {@code options.verifyTokenEnv} answer {@code hub.challenge}; anything else 403.</li>
 *   <li>{@code POST} must carry {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the raw body with the
 *   app secret (variable named by {@code credentialEnv}), compared in constant time; a bad or missing signature is
 *   answered 403 and logged, and nothing is kept.</li>
 * </ul>
 *
 * A signed delivery is answered 200 only after its mentions were acknowledged by Kafka: the runner's next fetch
 * carrying this batch's cursor is that acknowledgement. If that does not happen within 20 s the answer is 503 and
 * Meta delivers again (duplicates are dropped downstream by the mention key). Signed payloads that cannot be mapped
 * are dead-lettered and answered 200, so Meta does not resend them forever.
 */
public final class MetaWebhookConnector extends PushReceiverConnector {
    private static final Logger LOG = LoggerFactory.getLogger(MetaWebhookConnector.class);
    public static final String PLATFORM = "meta";
    static final int MAX_BODY = 1 << 20;
    private static final Duration ACK_WAIT = Duration.ofSeconds(20);

    private final byte[] secret;
    private final String verifyToken;

    public MetaWebhookConnector(SourceContext ctx) {
        this(ctx, System::getenv);
    }

    MetaWebhookConnector(SourceContext ctx, Function<String, String> env) {
        super(ctx, PLATFORM);
        String secretEnv = ctx.source().credentialEnv();
        String s = secretEnv == null ? null : env.apply(secretEnv);
        if (s == null || s.isBlank()) {
            throw new SettingsException(ctx.key() + ".credentialEnv",
                    "name an environment variable that holds the Meta app secret (it is " + (secretEnv == null
                    ? "not set)" : "empty: " + secretEnv + ")"));
        }
        this.secret = s.getBytes(StandardCharsets.UTF_8);
        String tokenEnv = ctx.option("verifyTokenEnv", null);
        this.verifyToken = tokenEnv == null ? null : env.apply(tokenEnv);
        String path = ctx.option("path", "/webhooks/meta");
        listen(8091, path, "meta-webhook", this::handle);
        LOG.info("{}: Meta webhook listening on port {} at {}", id(), port(), path);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (ex.getRequestMethod().equals("GET")) {
                Map<String, String> q = query(ex.getRequestURI().getRawQuery());
                if ("subscribe".equals(q.get("hub.mode")) && verifyToken != null
                        && MessageDigest.isEqual(verifyToken.getBytes(StandardCharsets.UTF_8),
                        q.getOrDefault("hub.verify_token", "").getBytes(StandardCharsets.UTF_8))) {
                    respond(ex, 200, q.getOrDefault("hub.challenge", ""));
                } else {
                    LOG.warn("{}: webhook handshake refused (wrong hub.verify_token or mode)", id());
                    respond(ex, 403, "verification failed");
                }
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                respond(ex, 405, "GET or POST");
                return;
            }
            byte[] body = readLimited(ex.getRequestBody(), MAX_BODY);
            if (body == null) {
                respond(ex, 413, "body larger than " + MAX_BODY + " bytes");
                return;
            }
            String signature = ex.getRequestHeaders().getFirst("X-Hub-Signature-256");
            if (!signatureValid(signature, body)) {
                LOG.warn("{}: webhook POST with a {} X-Hub-Signature-256 refused ({} bytes from {})", id(),
                        signature == null ? "missing" : "wrong", body.length, ex.getRemoteAddress());
                respond(ex, 403, "invalid signature");
                return;
            }
            Delivery d = map(new String(body, StandardCharsets.UTF_8), ctx.clock().instant());
            switch (store(d, ACK_WAIT)) {
                case STORED -> respond(ex, 200, "ok");
                case BUSY -> respond(ex, 503, "busy");
                case TIMED_OUT -> respond(ex, 503, "not stored yet, deliver again");
                case INTERRUPTED -> respond(ex, 503, "shutting down");
            }
        }
    }

    boolean signatureValid(String header, byte[] body) {
        if (header == null || !header.startsWith("sha256=")) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(7).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return MessageDigest.isEqual(mac.doFinal(body), given);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Maps a Page webhook payload: one mention per {@code feed} change that adds a post, status or comment. */
    static Delivery map(String json, Instant now) {
        List<Mention> mentions = new ArrayList<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return new Delivery(mentions, List.of(new Batch.Rejected(json, "webhook body is not JSON")));
        }
        if (!"page".equals(root.path("object").asText())) {
            rejected.add(new Batch.Rejected(json, "webhook object is '" + root.path("object").asText()
                    + "', expected 'page'"));
        }
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode v = change.path("value");
                if (!"feed".equals(change.path("field").asText()) || !"add".equals(v.path("verb").asText())) {
                    continue; // edits, removals, reactions: not a new mention
                }
                String item = v.path("item").asText();
                if (!List.of("post", "status", "comment", "photo", "video", "share").contains(item)) {
                    continue;
                }
                String id = v.hasNonNull("comment_id") ? v.get("comment_id").asText() : v.path("post_id").asText("");
                String message = v.path("message").asText("");
                if (id.isEmpty() || message.isBlank()) {
                    rejected.add(new Batch.Rejected(change.toString(), "feed change without post_id/comment_id or message"));
                    continue;
                }
                Instant created = v.path("created_time").canConvertToLong()
                        ? Instant.ofEpochSecond(v.get("created_time").asLong()) : now;
                JsonNode from = v.path("from");
                mentions.add(new Mention(Mention.SCHEMA_VERSION, PLATFORM, id, "https://www.facebook.com/" + id,
                        new Mention.Author(from.path("id").asText(null), from.path("name").asText(null),
                                from.path("name").asText(null), -1),
                        message, null, created, now, new Mention.Engagement(-1, -1, -1, -1),
                        item.equals("comment") ? v.path("parent_id").asText(v.path("post_id").asText(null)) : null,
                        null, null, List.of(), null));
            }
        }
        return new Delivery(mentions, rejected);
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) {
            return m;
        }
        for (String p : raw.split("&")) {
            int i = p.indexOf('=');
            m.put(URLDecoder.decode(i < 0 ? p : p.substring(0, i), StandardCharsets.UTF_8),
                    i < 0 ? "" : URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

}
