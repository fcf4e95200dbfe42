package io.monitor.api.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.api.http.ApiException;
import io.monitor.core.model.TimelineQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The {@code window} parameter and the range a timeline request may ask for, without HTTP. */
class TimelineWindowTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void theWindowsAreExactlyTheSizesTheTimelineQueryServes() {
        assertThat(Arrays.stream(TimelineWindow.values()).map(TimelineWindow::size).toList())
                .isEqualTo(TimelineQuery.WINDOWS);
    }

    @Test
    void givenNoOrABlankValue_whenParsed_thenTheOneMinuteWindow() {
        assertThat(TimelineWindow.parse(null)).isSameAs(TimelineWindow.ONE_MINUTE);
        assertThat(TimelineWindow.parse("")).isSameAs(TimelineWindow.ONE_MINUTE);
        assertThat(TimelineWindow.parse("  ")).isSameAs(TimelineWindow.ONE_MINUTE);
    }

    @Test
    void givenOneOfTheThreeValues_whenParsed_thenThatWindowWithItsSize() {
        assertThat(TimelineWindow.parse("1m").size()).isEqualTo(Duration.ofMinutes(1));
        assertThat(TimelineWindow.parse("5m").size()).isEqualTo(Duration.ofMinutes(5));
        assertThat(TimelineWindow.parse(" 1h ").size()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void givenAnyOtherValue_whenParsed_thenA400NamingTheParameterTheValueAndTheAllowedOnes() {
        for (String bad : new String[] {"1M", "15m", "1d", "PT5M", "60", "1m,5m", "5 m", "1h\u0000"}) {
            assertThatThrownBy(() -> TimelineWindow.parse(bad)).as(bad).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.extensions()).containsEntry("param", "window");
                assertThat(e.getMessage()).startsWith("parameter 'window' must be one of 1m, 5m, 1h")
                        .doesNotContain("\u0000");
            });
        }
        assertThatThrownBy(() -> TimelineWindow.parse("x".repeat(500))).hasMessageContaining("xxx...'")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(160));
    }

    @Test
    void givenNoRange_thenItEndsNowAndSpansTheWindowsLongestRange() {
        assertThat(TimelineRange.of(TimelineWindow.ONE_MINUTE, null, null, NOW))
                .isEqualTo(new TimelineRange(TimelineWindow.ONE_MINUTE, NOW.minus(Duration.ofDays(1)), NOW));
        assertThat(TimelineRange.of(TimelineWindow.FIVE_MINUTES, null, null, NOW).from())
                .isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(TimelineRange.of(TimelineWindow.ONE_HOUR, null, null, NOW).from())
                .isEqualTo(NOW.minus(Duration.ofDays(35)));
        Instant to = Instant.parse("2026-11-01T00:00:00Z");
        assertThat(TimelineRange.of(TimelineWindow.ONE_HOUR, null, to, NOW))
                .isEqualTo(new TimelineRange(TimelineWindow.ONE_HOUR, to.minus(Duration.ofDays(35)), to));
        Instant from = Instant.parse("2026-11-27T06:00:00Z");
        assertThat(TimelineRange.of(TimelineWindow.ONE_MINUTE, from, null, NOW))
                .isEqualTo(new TimelineRange(TimelineWindow.ONE_MINUTE, from, NOW));
    }

    @Test
    void givenExactlyTheLongestRange_thenAccepted_andOneSecondMore_thenA400SayingTheLimit() {
        for (TimelineWindow w : TimelineWindow.values()) {
            Instant from = NOW.minus(w.maxSpan());
            assertThat(TimelineRange.of(w, from, NOW, NOW).from()).isEqualTo(from);
            assertThatThrownBy(() -> TimelineRange.of(w, from.minusSeconds(1), NOW, NOW)).as(w.param())
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.extensions()).containsEntry("param", "from").containsEntry("window", w.param())
                                .containsEntry("maxSpanSeconds", w.maxSpan().toSeconds());
                        assertThat(e.getMessage()).contains("at most " + w.maxSpanText() + " before 'to' with window="
                                + w.param()).contains("1m: 1 day, 5m: 7 days, 1h: 35 days");
                    });
        }
        assertThat(TimelineWindow.ONE_MINUTE.maxSpan()).isEqualTo(Duration.ofDays(1));
        assertThat(TimelineWindow.FIVE_MINUTES.maxSpan()).isEqualTo(Duration.ofDays(7));
        assertThat(TimelineWindow.ONE_HOUR.maxSpan()).isEqualTo(Duration.ofDays(35));
    }

    @Test
    void givenFromNotBeforeTo_thenA400OnFrom() {
        assertThatThrownBy(() -> TimelineRange.of(TimelineWindow.ONE_MINUTE, NOW, NOW, NOW))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.extensions()).containsEntry("param", "from"))
                .hasMessageContaining("must be before 'to'");
        assertThatThrownBy(() -> TimelineRange.of(TimelineWindow.ONE_HOUR, NOW.plusSeconds(1), NOW, NOW))
                .hasMessageContaining("must be before 'to' (2026-11-27T12:00:00Z)");
        // Only 'from' given, in the future: the default 'to' (now) is before it.
        assertThatThrownBy(() -> TimelineRange.of(TimelineWindow.ONE_MINUTE, NOW.plusSeconds(60), null, NOW))
                .hasMessageContaining("must be before 'to'");
    }
}
