package io.monitor.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.ingest.demo.DemoConnector;
import io.monitor.ingest.http.HttpFetcher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest role: starts the demo source (when {@code ingest.demo.enabled}) and every enabled configured source,
 * each in a {@link ConnectorRunner} on its own thread, publishing to Kafka through one {@link MentionPublisher} and
 * resuming from the {@link KafkaCursorStore}.
 *
 * <pre>{@code
 * try (IngestService ingest = IngestService.start(settings, "localhost:9092")) { ... }
 * }</pre>
 *
 * All connectors are built (and their settings checked) before anything starts: an unknown type throws
 * {@link io.monitor.core.config.SettingsException} naming the key. {@link #close()} interrupts the runners and
 * returns within a few seconds.
 */
public final class IngestService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    private static final long STOP_MILLIS = 4_000;

    private final MentionPublisher publisher;
    private final KafkaCursorStore cursors;
    private final List<Connector> connectors;
    private final List<Thread> threads = new ArrayList<>();
    private final List<ConnectorRunner> runners = new ArrayList<>();

    /** Each connector's last reported status (UP, DEGRADED, DOWN), by connector id, for readiness checks. */
    public java.util.Map<String, io.monitor.core.model.ConnectorHealth.Status> status() {
        java.util.Map<String, io.monitor.core.model.ConnectorHealth.Status> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < connectors.size(); i++) {
            m.put(connectors.get(i).id(), runners.get(i).status());
        }
        return m;
    }

    private IngestService(MentionPublisher publisher, KafkaCursorStore cursors, List<Connector> connectors) {
        this.publisher = publisher;
        this.cursors = cursors;
        this.connectors = connectors;
    }

    public static IngestService start(MonitorSettings settings, String bootstrapServers) {
        return start(settings, bootstrapServers, Metrics.globalRegistry, Clock.systemUTC());
    }

    public static IngestService start(MonitorSettings settings, String bootstrapServers, MeterRegistry registry,
                                      Clock clock) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        List<Connector> connectors = connectors(settings, clock);
        if (connectors.isEmpty()) {
            LOG.warn("no ingest source is enabled: enable ingest.demo or add ingest.sources");
        }
        MentionPublisher publisher = null;
        KafkaCursorStore cursors;
        try {
            TopicAdmin.ensureTopics(bootstrapServers, List.of(Topics.MENTIONS_RAW, Topics.DEAD_LETTERS,
                    Topics.CONNECTOR_HEALTH, Topics.CONNECTOR_CURSORS),
                    settings.kafka().replicationFactor().shortValue());
            publisher = new MentionPublisher(bootstrapServers);
            cursors = KafkaCursorStore.open(bootstrapServers);
        } catch (RuntimeException e) {
            if (publisher != null) {
                publisher.close();
            }
            connectors.forEach(Connector::close);
            throw e;
        }
        IngestService service = new IngestService(publisher, cursors, connectors);
        for (Connector c : connectors) {
            ConnectorRunner runner = new ConnectorRunner(c, publisher, cursors, RetryPolicy.DEFAULT, clock,
                    Sleeper.SYSTEM, registry);
            Thread t = new Thread(runner, "ingest-" + c.id());
            t.setDaemon(true);
            service.runners.add(runner);
            service.threads.add(t);
        }
        service.threads.forEach(Thread::start);
        LOG.info("ingest started: {}", connectors.stream().map(c -> c.id() + " (" + c.platform() + ")").toList());
        return service;
    }

    /** Builds every enabled connector, checking its settings, without starting anything. */
    static List<Connector> connectors(MonitorSettings settings, Clock clock) {
        List<Connector> out = new ArrayList<>();
        if (settings.ingest().demo().enabled()) {
            if (settings.brands().isEmpty()) {
                LOG.warn("the demo source needs at least one brand under 'brands'; it does not start");
            } else {
                out.add(new DemoConnector(settings.brands(), settings.ingest().demo(), clock));
            }
        }
        HttpFetcher http = new HttpFetcher(clock);
        List<SourceSettings> sources = settings.ingest().sources();
        for (int i = 0; i < sources.size(); i++) {
            SourceSettings s = sources.get(i);
            String key = "ingest.sources[" + i + "]";
            if (!s.enabled()) {
                continue;
            }
            try {
                out.add(Connectors.create(new SourceContext(key, s, SourceContext.brandsOf(s, settings.brands()),
                        clock, http)));
            } catch (RuntimeException e) {
                out.forEach(Connector::close); // webhook receivers already listen: release their ports
                throw e;
            }
        }
        return out;
    }

    /** The ids of the running connectors. */
    public List<String> connectorIds() {
        return connectors.stream().map(Connector::id).toList();
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (t.isAlive()) {
                LOG.warn("{} did not stop within {} ms", t.getName(), STOP_MILLIS);
            }
        }
        connectors.forEach(Connector::close);
        cursors.close();
        publisher.close();
        LOG.info("ingest stopped");
    }
}
