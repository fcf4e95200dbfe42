package io.monitor.ingest.x;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.ingest.x.XStreamBackoff.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class XStreamBackoffTest {
    final XStreamBackoff backoff = new XStreamBackoff();

    List<Duration> waits(Kind kind, int n) {
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(backoff.next(kind));
        }
        return out;
    }

    @Test
    void networkErrorsBackOffLinearlyBy250msUpTo16s() {
        List<Duration> w = waits(Kind.NETWORK, 70);
        assertThat(w.subList(0, 4)).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500),
                Duration.ofMillis(750), Duration.ofMillis(1000));
        assertThat(w.get(63)).isEqualTo(Duration.ofSeconds(16));
        assertThat(w.get(69)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void httpErrorsDoubleFrom5sUpTo320s() {
        assertThat(waits(Kind.HTTP, 9)).extracting(Duration::toSeconds).containsExactly(5L, 10L, 20L, 40L, 80L, 160L,
                320L, 320L, 320L);
    }

    @Test
    void rateLimitsDoubleFrom60s() {
        assertThat(waits(Kind.RATE_LIMIT, 6)).extracting(Duration::toSeconds).containsExactly(60L, 120L, 240L, 480L,
                960L, 960L);
    }

    @Test
    void aFailureOfAnotherKindStartsThatKindsLadder_andAResetStartsOver() {
        waits(Kind.HTTP, 3);
        assertThat(backoff.next(Kind.NETWORK)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.next(Kind.HTTP)).isEqualTo(Duration.ofSeconds(5));
        backoff.next(Kind.HTTP);
        backoff.reset();
        assertThat(backoff.next(Kind.HTTP)).isEqualTo(Duration.ofSeconds(5));
    }
}
