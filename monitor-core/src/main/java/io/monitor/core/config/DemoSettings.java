package io.monitor.core.config;

import java.time.Duration;

/**
 * The demo source: realistic German and English mentions of the configured brands, with a crisis
 * episode every {@code crisisEvery} so the dashboard shows an alert soon after start.
 *
 * @param enabled          whether {@code monitor run}/{@code ingest} starts it
 * @param ratePerSecond    background mentions per second (all brands together)
 * @param firstCrisisAfter delay of the first crisis after start
 * @param crisisEvery      time between crisis episodes
 * @param crisisLength     how long an episode lasts
 * @param crisisRate       extra negative mentions per second during an episode
 * @param seed             random seed, for repeatable demos
 */
public record DemoSettings(Boolean enabled, Double ratePerSecond, Duration firstCrisisAfter, Duration crisisEvery,
                           Duration crisisLength, Double crisisRate, Long seed) {
    public DemoSettings {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        ratePerSecond = ratePerSecond == null ? 5.0 : ratePerSecond;
        firstCrisisAfter = firstCrisisAfter == null ? Duration.ofSeconds(30) : firstCrisisAfter;
        crisisEvery = crisisEvery == null ? Duration.ofMinutes(5) : crisisEvery;
        crisisLength = crisisLength == null ? Duration.ofSeconds(90) : crisisLength;
        crisisRate = crisisRate == null ? 8.0 : crisisRate;
        seed = seed == null ? 42L : seed;
        Check.range(ratePerSecond, 0.0, 100_000.0, "ingest.demo.ratePerSecond");
        Check.range(crisisRate, 0.0, 100_000.0, "ingest.demo.crisisRate");
        Check.positive(crisisEvery, "ingest.demo.crisisEvery");
        Check.positive(crisisLength, "ingest.demo.crisisLength");
        Check.require(!firstCrisisAfter.isNegative(), "ingest.demo.firstCrisisAfter", "must not be negative");
    }

    public static DemoSettings defaults() {
        return new DemoSettings(null, null, null, null, null, null, null);
    }
}
