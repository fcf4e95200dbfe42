package io.monitor.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.model.Mention;
import io.monitor.ingest.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoConnectorTest {
    @Test
    void eachFetchReturnsTheMentionsSinceThePreviousOne_byTheInjectedClock() {
        FakeClock clock = new FakeClock(Instant.parse("2026-03-02T08:00:00Z"));
        DemoConnector demo = new DemoConnector(DemoGeneratorTest.BRANDS, DemoGeneratorTest.SETTINGS, clock);
        List<Mention> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clock.advance(Duration.ofMillis(200));
            all.addAll(demo.fetch(null).mentions());
        }
        assertThat(all).hasSize(50).extracting(Mention::id).doesNotHaveDuplicates(); // 10 s at 5/s
        assertThat(all).extracting(Mention::platform).containsOnly("demo");
        assertThat(demo.durableCursor()).isFalse();
    }

    @Test
    void afterALongPauseItCatchesUpAtMostOneMinute() {
        FakeClock clock = new FakeClock(Instant.parse("2026-03-02T08:00:00Z"));
        DemoConnector demo = new DemoConnector(DemoGeneratorTest.BRANDS, new io.monitor.core.config.DemoSettings(true,
                5.0, Duration.ofHours(10), Duration.ofHours(10), Duration.ofSeconds(90), 8.0, 1L), clock);
        clock.advance(Duration.ofHours(3));
        assertThat(demo.fetch(null).mentions()).hasSize(300);
    }
}
