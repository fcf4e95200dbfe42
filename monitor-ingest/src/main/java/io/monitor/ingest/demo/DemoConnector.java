package io.monitor.ingest.demo;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DemoSettings;
import io.monitor.ingest.Batch;
import io.monitor.ingest.Connector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The demo source as a connector: each fetch returns the {@link DemoGenerator} mentions created since the previous
 * fetch, by the injected clock (so tests drive it with a fixed or stepped clock). It keeps no durable cursor: a
 * restarted demo starts a new run with new ids.
 */
public final class DemoConnector implements Connector {
    public static final String ID = "demo";
    private static final Duration TICK = Duration.ofMillis(200);
    private static final Duration MAX_CATCH_UP = Duration.ofMinutes(1);

    private final DemoGenerator generator;
    private final Clock clock;
    private Instant last;

    public DemoConnector(List<BrandSettings> brands, DemoSettings settings, Clock clock) {
        this.clock = clock;
        this.last = clock.instant();
        this.generator = new DemoGenerator(brands, settings, last);
    }

    public DemoGenerator generator() {
        return generator;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String platform() {
        return DemoGenerator.PLATFORM;
    }

    @Override
    public Duration pollInterval() {
        return TICK;
    }

    @Override
    public boolean durableCursor() {
        return false;
    }

    @Override
    public Batch fetch(String cursor) {
        Instant now = clock.instant();
        if (Duration.between(last, now).compareTo(MAX_CATCH_UP) > 0) {
            last = now.minus(MAX_CATCH_UP); // after a suspended laptop, do not flood Kafka with the missed hours
        }
        Batch b = Batch.of(generator.between(last, now), null);
        last = now;
        return b;
    }
}
