package io.monitor.app;

import io.monitor.api.ApiServer;
import io.monitor.broker.EmbeddedKafkaBroker;
import io.monitor.core.config.IngestSettings;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.DemoSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.ingest.IngestService;
import io.monitor.streams.StreamsService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.monitor.core.model.TimelineQuery;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Everything in one process: embedded Kafka (unless a cluster is given), ingest, Streams, API and dashboard. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs every role in one process: an embedded Kafka broker (unless --bootstrap-servers is given), "
                + "the connectors and the demo source, the Streams topology, the API and the dashboard.",
                "Data is kept under --data-dir, so a restart keeps the history. Ctrl-C stops everything."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "HTTP port of the API and dashboard (api.port, default 8080; 0 = any free port).")
    Integer port;

    @Option(names = "--kafka-port", paramLabel = "PORT", description = "Port of the embedded broker (kafka.embeddedPort, default 9092; 0 = any free port).")
    Integer kafkaPort;

    @Option(names = "--no-demo", description = "Do not start the demo source (only the configured connectors ingest).")
    boolean noDemo;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        MonitorSettings s = apply(common.load());
        PrintWriter out = spec.commandLine().getOut();
        try (Shutdown shutdown = new Shutdown()) {
            String bootstrap = s.kafka().bootstrapServers();
            if (bootstrap == null) {
                EmbeddedKafkaBroker broker = shutdown.register(
                        EmbeddedKafkaBroker.start(s.kafka().dataDir().resolve("kafka"), s.kafka().embeddedPort()));
                bootstrap = broker.bootstrapServers();
                out.println("Embedded Kafka broker at " + bootstrap + " (data in " + s.kafka().dataDir().resolve("kafka") + ")");
            }
            TopicAdmin.ensureTopics(bootstrap, Topics.all(), s.kafka().replicationFactor().shortValue());
            // The API is created first so its registry (served at /metrics) collects every role's meters; it
            // reaches the Streams side through these two indirections until Streams is up.
            AtomicReference<StreamsService> streamsRef = new AtomicReference<>();
            TimelineQuery timelines = (brand, window, from, to) -> {
                StreamsService st = streamsRef.get();
                if (st == null) {
                    throw new IllegalStateException("the streams role is still starting");
                }
                return st.timelines().timeline(brand, window, from, to);
            };
            ApiServer api = shutdown.register(ApiServer.create(s, bootstrap, timelines,
                    () -> streamsRef.get() != null && streamsRef.get().isReady()));
            PrometheusMeterRegistry registry = api.meterRegistry();
            Observability.bindProcessMetrics(registry);
            StreamsService streams = shutdown.register(StreamsService.start(s, bootstrap, registry));
            shutdown.register(Observability.bindStreamsMetrics(streams.streams(), registry));
            streamsRef.set(streams);
            api.start();
            shutdown.register(IngestService.start(s, bootstrap, registry, Clock.systemUTC()));
            out.printf("Dashboard: http://localhost:%d/  (started in %d ms; Ctrl-C stops)%n", api.port(),
                    (System.nanoTime() - t0) / 1_000_000);
            out.flush();
            shutdown.await();
        }
        return 0;
    }

    private MonitorSettings apply(MonitorSettings s) {
        if (port != null) {
            s = s.withApi(s.api().withPort(port));
        }
        if (kafkaPort != null) {
            KafkaSettings k = s.kafka();
            s = s.withKafka(new KafkaSettings(k.bootstrapServers(), k.dataDir(), kafkaPort, k.replicationFactor(),
                    k.exactlyOnce(), k.applicationId(), k.standbyReplicas(), k.applicationServer()));
        }
        if (noDemo) {
            DemoSettings d = s.ingest().demo();
            s = s.withIngest(new IngestSettings(new DemoSettings(false, d.ratePerSecond(), d.firstCrisisAfter(),
                    d.crisisEvery(), d.crisisLength(), d.crisisRate(), d.seed()), s.ingest().sources()));
        }
        return s;
    }
}
