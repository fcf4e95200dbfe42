package io.monitor.api.notify;

import io.monitor.core.json.Json;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic webhook: the delivery as JSON ({@code version, deliveryId, sentAt, change, incident, dashboardUrl}),
 * signed with {@link WebhookSigner} (headers {@code X-Monitor-Timestamp}, {@code X-Monitor-Signature}) and carrying
 * {@code X-Monitor-Delivery}, which stays the same across retries so receivers can de-duplicate.
 */
public final class WebhookChannel implements Channel {
    public static final String DELIVERY_HEADER = "X-Monitor-Delivery";

    private final String id;
    private final URI url;
    private final WebhookSigner signer;
    private final Clock clock;
    private final HttpPoster http = new HttpPoster();

    public WebhookChannel(String id, URI url, WebhookSigner signer, Clock clock) {
        this.id = id;
        this.url = url;
        this.signer = signer;
        this.clock = clock;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Attempt send(Delivery d) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", 1);
        p.put("deliveryId", d.deliveryId());
        p.put("sentAt", clock.instant());
        p.put("change", d.kind());
        p.put("incident", d.incident());
        p.put("dashboardUrl", d.dashboardUrl());
        try {
            return send(d.deliveryId(), Json.MAPPER.writeValueAsBytes(p));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize notification", e);
        }
    }

    /** One signed POST of {@code body}. */
    public Attempt send(String deliveryId, byte[] body) {
        long ts = clock.instant().getEpochSecond();
        return http.post(url, Map.of(DELIVERY_HEADER, deliveryId,
                WebhookSigner.TIMESTAMP_HEADER, Long.toString(ts),
                WebhookSigner.SIGNATURE_HEADER, signer.sign(ts, body)), body);
    }
}
