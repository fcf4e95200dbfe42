package io.monitor.ingest.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.SourceSettings;
import io.monitor.ingest.Connector;
import io.monitor.ingest.ConnectorRunner;
import io.monitor.ingest.KafkaCursorStore;
import io.monitor.ingest.MentionPublisher;
import io.monitor.ingest.RetryPolicy;
import io.monitor.ingest.Sleeper;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * One ingest process for integration tests: a {@link ConnectorRunner} on its own thread with the real
 * {@link MentionPublisher} and {@link KafkaCursorStore} on the system clock; closing it is a process stop (the runner
 * is interrupted, then connector, publisher and cursor store are closed), so a second instance is a restart.
 */
public final class IngestProcess implements AutoCloseable {
    public final KafkaCursorStore cursors;
    public final MentionPublisher publisher;
    public final Connector connector;
    private final Thread thread;

    /** Starts {@code connector} (built from source {@code s} as {@code ingest.sources[0]}) on thread {@code name}. */
    public IngestProcess(String bootstrap, SourceSettings s, Function<SourceContext, Connector> connector,
            String name) {
        cursors = KafkaCursorStore.open(bootstrap);
        publisher = new MentionPublisher(bootstrap);
        Clock clock = Clock.systemUTC();
        this.connector = connector.apply(new SourceContext("ingest.sources[0]", s, List.of(), clock,
                new HttpFetcher(clock)));
        thread = new Thread(new ConnectorRunner(this.connector, publisher, cursors, RetryPolicy.DEFAULT, clock,
                Sleeper.SYSTEM, new SimpleMeterRegistry()), name);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(5000);
        connector.close();
        publisher.close();
        cursors.close();
    }
}
