package io.monitor.ingest.testing;

import io.monitor.ingest.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sleeper that advances a {@link FakeClock} instead of sleeping, and remembers every wait. */
public final class RecordingSleeper implements Sleeper {
    private final FakeClock clock;
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public RecordingSleeper(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
        sleeps.add(d);
        clock.advance(d);
    }

    /** The total wait between two fetches, given the runner sleeps in heartbeat-sized chunks. */
    public Duration total() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
