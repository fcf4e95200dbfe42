package io.monitor.app;

import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.streams.StreamsService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The Streams role alone; run several for scale-out (they share the work through the consumer group). */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Runs the Kafka Streams topology (match, language, sentiment, aggregate, detect, alert) against an "
                + "existing cluster. Several instances with the same kafka.applicationId share the partitions.")
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
            StreamsService streams = shutdown.register(StreamsService.start(s, bootstrap, registry));
            shutdown.register(Observability.bindStreamsMetrics(streams.streams(), registry));
            // Readiness is false while Streams rebalances or restores, so the orchestrator waits for it.
            shutdown.register(ManagementServer.start(s.api().host(), s.api().port(), registry, streams::isReady));
            shutdown.await();
        }
        return 0;
    }
}
