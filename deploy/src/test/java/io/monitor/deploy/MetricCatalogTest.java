package io.monitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The derivation of exposed names, on a made-up source file: the catalog names what Micrometer would scrape. */
class MetricCatalogTest {
    @Test
    void givenBuildersInASource_whenScanned_thenThePrometheusNamesFollowMicrometersNaming(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("Meters.java");
        Files.writeString(src, """
                class Meters {
                    static final String SENT = "demo.notifications.sent";
                    final Tags tags = Tags.of("platform", connector.platform(), "connector", connector.id());
                    void meters(MeterRegistry registry) {
                        Counter.builder(SENT).tag("channel", id).register(registry);
                        Timer.builder("demo.latency.end.to.end")
                            .publishPercentileHistogram()
                            .register(registry);
                        Gauge.builder("demo.queue.size", queue, Queue::size).register(registry);
                        DistributionSummary.builder("demo.batch.size").baseUnit("mentions").register(registry);
                        registry.counter("demo.short.hand", "k", "v");
                        registry.counter("demo.tagged", tags.and("kind", kind));
                        Counter.builder(prefix + ".x").register(registry);
                        new JvmThreadMetrics().bindTo(registry);
                    }
                }
                """);
        MetricCatalog catalog = new MetricCatalog(List.of(src));
        assertThat(catalog.exposed).contains("demo_notifications_sent_total", "demo_latency_end_to_end_seconds_bucket",
                "demo_latency_end_to_end_seconds_count", "demo_latency_end_to_end_seconds_max", "demo_queue_size",
                "demo_batch_size_mentions_count", "demo_short_hand_total", "jvm_threads_live_threads");
        assertThat(catalog.exposed).doesNotContain("demo_notifications_sent", "kafka_consumer_fetch_manager_records_lag_max");
        assertThat(catalog.unresolved).singleElement().asString().contains("prefix + \".x\"");
        assertThat(catalog.tagKeys.get("demo_notifications_sent_total")).containsExactly("channel");
        assertThat(catalog.tagKeys.get("demo_queue_size")).isEmpty();
        assertThat(catalog.tagKeys.get("demo_tagged_total")).containsExactlyInAnyOrder("platform", "connector", "kind", "channel");
    }

    @Test
    void givenTheKafkaBinders_whenScanned_thenTheClientAndStreamsMetricNamesAreExposed(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("Binders.java");
        Files.writeString(src, """
                class Binders {
                    void bind() {
                        new KafkaClientMetrics(consumer).bindTo(registry);
                        new KafkaStreamsMetrics(streams).bindTo(registry);
                    }
                }
                """);
        MetricCatalog catalog = new MetricCatalog(List.of(src));
        assertThat(catalog.exposed).contains("kafka_consumer_fetch_manager_records_lag_max", "kafka_stream_alive_stream_threads");
    }
}
