package io.monitor.streams;

import com.fasterxml.jackson.core.type.TypeReference;
import io.monitor.core.json.Durations;
import io.monitor.core.json.Json;
import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelineQuery;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Timelines answered by whichever instance owns the brand's partition: Kafka Streams' metadata
 * ({@code queryMetadataForKey}, fed by every instance's {@code application.server}) names the active host; this
 * instance answers from its own store, any other instance is asked over HTTP ({@link TimelineHttpHandler}). When
 * the owner cannot be reached (it just died and the group has not rebalanced yet), an instance holding a standby
 * replica of the partition answers from it (possibly a few commits behind); otherwise the query fails with
 * {@link IllegalStateException}, which the API maps to 503. The window size travels as {@code window=1m|5m|1h}.
 */
final class RoutedTimelineQuery implements TimelineQuery {
    private static final TypeReference<List<TimelinePoint>> POINTS = new TypeReference<>() {
    };
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final TimelineQuery local;
    private final TimelineQuery localStandby;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    RoutedTimelineQuery(KafkaStreams streams, HostInfo self, TimelineQuery local, TimelineQuery localStandby) {
        this.streams = streams;
        this.self = self;
        this.local = local;
        this.localStandby = localStandby;
    }


    /** All timeline stores of a brand are in the same task (one sub-topology), so one owner answers for every size. */
    @Override
    public List<TimelinePoint> timeline(String brand, Duration window, Instant from, Instant to) {
        StoreTimelineQuery.storeOf(window); // an unknown size fails here, before any routing
        KeyQueryMetadata md = streams.queryMetadataForKey(MonitorTopology.TIMELINE_STORE, brand, Serdes.String().serializer());
        if (md == null || KeyQueryMetadata.NOT_AVAILABLE.equals(md)) {
            throw new IllegalStateException("no instance owns the timeline of " + brand + " right now (streams state "
                    + streams.state() + ")");
        }
        if (self.equals(md.activeHost())) {
            return local.timeline(brand, window, from, to);
        }
        try {
            return remote(md.activeHost(), brand, window, from, to);
        } catch (IllegalStateException e) {
            if (md.standbyHosts().contains(self)) {
                return localStandby.timeline(brand, window, from, to);
            }
            throw e;
        }
    }

    private List<TimelinePoint> remote(HostInfo host, String brand, Duration window, Instant from, Instant to) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + TimelineHttpHandler.PATH + "?brand="
                + URLEncoder.encode(brand, StandardCharsets.UTF_8) + "&window=" + Durations.format(window) + "&from=" + from
                + "&to=" + to);
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the owner of " + brand + " (" + host + ") answered " + r.statusCode()
                        + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            List<TimelinePoint> points = Json.MAPPER.readValue(r.body(), POINTS);
            for (TimelinePoint p : points) {
                // An owner of an earlier version ignores the window parameter and answers 1-minute points.
                if (!Duration.between(p.windowStart(), p.windowEnd()).equals(window)) {
                    throw new IllegalStateException("the owner of " + brand + " (" + host + ") answered windows of "
                            + Duration.between(p.windowStart(), p.windowEnd()) + " instead of " + window
                            + "; it may run an earlier version (until it is upgraded only 1-minute windows can be served)");
                }
            }
            return points;
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the owner of " + brand + " at " + host + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + host, e);
        }
    }
}
