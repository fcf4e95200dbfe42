package io.monitor.ingest;

import java.time.Duration;

/** How a runner waits; tests pass one that advances a fake clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = d -> {
        if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d.toMillis(), 0);
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
