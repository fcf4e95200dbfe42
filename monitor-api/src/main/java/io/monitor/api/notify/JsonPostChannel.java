package io.monitor.api.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.json.Json;
import java.net.URI;
import java.util.Map;

/**
 * A channel that renders each delivery as one JSON document and POSTs it, without extra headers, to a fixed URL
 * (Slack, Teams, PagerDuty); {@link HttpPoster} sorts the answer into an {@link Attempt}. Subclasses only render.
 */
abstract class JsonPostChannel implements Channel {
    private final String id;
    private final URI url;
    private final String what;
    private final HttpPoster http = new HttpPoster();

    /** @param what the rendered document for the error message, e.g. {@code "Slack message"} */
    JsonPostChannel(String id, URI url, String what) {
        this.id = id;
        this.url = url;
        this.what = what;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Attempt send(Delivery d) {
        try {
            return http.post(url, Map.of(), Json.MAPPER.writeValueAsBytes(document(d)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + what, e);
        }
    }

    /** The document to POST for {@code d}. */
    abstract JsonNode document(Delivery d);
}
