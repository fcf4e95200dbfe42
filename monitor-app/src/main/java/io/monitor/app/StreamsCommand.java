package io.monitor.app;

import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.streams.StreamsService;
import io.monitor.streams.TimelineHttpHandler;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The Streams role alone; run several for scale-out (they share the work through the consumer group). */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = {"Runs the Kafka Streams topology (match, language, sentiment, aggregate, detect, alert) against an "
                + "existing cluster. Several instances with the same kafka.applicationId share the partitions.",
                "Serves /metrics, /health/live, /health/ready and /internal/timeline on api.port; set "
                + "kafka.applicationServer to the host:port other instances reach it at, and kafka.standbyReplicas for "
                + "warm standby stores."})
final class StreamsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        MonitorSettings s = common.load();
        String bootstrap = CommonOptions.requireBootstrap(s, "streams");
        try (Shutdown shutdown = new Shutdown()) {
            // Creating missing topics is idempotent; any role may be the first to start on a new cluster.
            TopicAdmin.ensureTopics(bootstrap, Topics.all(), s.kafka().replicationFactor().shortValue());
            io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry = Observability.newRegistry();
            StreamsService streams = shutdown.register(StreamsService.start(s, bootstrap, registry,
                    s.kafka().applicationServer(), s.kafka().standbyReplicas()));
            shutdown.register(Observability.bindStreamsMetrics(streams.streams(), registry));
            // Readiness is false while Streams rebalances or restores, so the orchestrator waits for it.
            // Other instances fetch the timelines this one owns here (kafka.applicationServer points at this port).
            shutdown.register(ManagementServer.start(s.api().host(), s.api().port(), registry, streams::isReady,
                    Map.of(TimelineHttpHandler.PATH, streams.timelineHandler())));
            shutdown.await();
        }
        return 0;
    }
}
