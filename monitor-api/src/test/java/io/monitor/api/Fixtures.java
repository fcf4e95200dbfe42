package io.monitor.api;

import io.monitor.api.incidents.IncidentEventSink;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.TokenSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.IncidentEvent;
import io.monitor.core.model.Severity;
import io.monitor.core.model.TimelineQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Settings, alerts and servers for tests that do not need Kafka. */
final class Fixtures {
    /** An hour ago, so that lifecycle events (stamped "now") come after the alerts built from it. */
    static final Instant T0 = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private Fixtures() {
    }

    static MonitorSettings settings(List<TokenSettings> tokens, int maxBodyBytes) {
        return new MonitorSettings(null, List.of(
                new BrandSettings("acme-bahn", "Acme Bahn", "\"acme bahn\" OR #acmebahn", List.of("acmebahn")),
                new BrandSettings("fizzcola", "Fizz Cola", "fizzcola OR \"fizz cola\"", List.of())),
                null, null, null, new ApiSettings("127.0.0.1", 0, null, maxBodyBytes, tokens), null);
    }

    static MonitorSettings settings() {
        return settings(List.of(), 4096);
    }

    static Alert alert(String brand, String rule, Severity severity, Instant startsAt, String summary) {
        return Alert.firing(Map.of(Alert.LABEL_BRAND, brand, Alert.LABEL_RULE, rule),
                Map.of(Alert.ANNOTATION_SUMMARY, summary, Alert.ANNOTATION_DESCRIPTION, summary + " (details)"),
                severity, startsAt);
    }

    /** A sink that "stores" events by applying them, as the Kafka round trip would. */
    static IncidentEventSink storeSink(IncidentStore store) {
        return new IncidentEventSink() {
            @Override
            public void publish(IncidentEvent event) {
                store.apply(event);
            }
        };
    }

    static ApiServer server(MonitorSettings settings, IncidentStore store, TimelineQuery timelines,
                            BooleanSupplier ready, Function<String, String> env, Duration keepAlive) {
        return ApiServer.create(settings, store, storeSink(store), timelines, ready, env, Clock.systemUTC(), keepAlive)
                .start();
    }

    static ApiServer server(IncidentStore store) {
        return server(settings(), store, null, () -> true, name -> null, Duration.ofSeconds(15));
    }

    /** An idempotent producer of {@code Topics.ALERTS} (acks=all), as the streams role writes alerts. */
    static KafkaProducer<String, Alert> alertProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                Topics.ALERTS.keySerde().serializer(), Topics.ALERTS.valueSerde().serializer());
    }
}
