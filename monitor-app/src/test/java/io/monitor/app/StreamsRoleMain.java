package io.monitor.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SettingsLoader;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.streams.StreamsService;
import io.monitor.streams.TimelineHttpHandler;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link StreamsCommand} runs (the streams role: {@link StreamsService} plus the management server with
 * {@code /health/ready} and {@code /internal/timeline}), with one difference a kill test needs: a 6 s consumer
 * session timeout instead of 45 s. After a SIGKILL the restarted instance gets its partitions only once the killed
 * member's session expired; with the default, two streams kills would cost 90 s of waiting in {@code ./mvnw verify}.
 *
 * <p>The product's roles take no client overrides (their settings come from {@code kafka.*}); the test role passes
 * them through {@code StreamsService.start(..., overrides)}. Arguments: config file, bootstrap servers, data
 * directory, application id, HTTP port.
 */
final class StreamsRoleMain {
    private StreamsRoleMain() {
    }

    public static void main(String[] args) throws Exception {
        MonitorSettings s = SettingsLoader.load(Path.of(args[0]));
        s = s.withKafka(new KafkaSettings(args[1], Path.of(args[2]), null, 1, true, args[3]));
        TopicAdmin.ensureTopics(args[1], Topics.all(), (short) 1);
        PrometheusMeterRegistry registry = Observability.newRegistry();
        StreamsService streams = StreamsService.start(s, args[1], registry, null, 0,
                Map.<String, Object>of("session.timeout.ms", 6000, "heartbeat.interval.ms", 1000));
        ManagementServer http = ManagementServer.start("127.0.0.1", Integer.parseInt(args[4]), registry,
                streams::isReady, Map.of(TimelineHttpHandler.PATH, streams.timelineHandler()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            streams.close();
        }, "streams-role-stop"));
        Thread.currentThread().join(); // until SIGTERM (the hook closes) or SIGKILL (nothing runs)
    }
}
