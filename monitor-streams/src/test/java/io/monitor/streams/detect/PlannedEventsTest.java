package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.model.PlannedEvent;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlannedEventsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    static PlannedEvent event(String id, String brand, int fromMin, int toMin, PlannedEvent.Mode mode, double factor) {
        return new PlannedEvent(PlannedEvent.SCHEMA_VERSION, id, brand, "Launch " + id, T0.plusSeconds(fromMin * 60L),
                T0.plusSeconds(toMin * 60L), mode, factor, false, "cm@example.org", T0);
    }

    private static Instant min(double m) {
        return T0.plusMillis(Math.round(m * 60_000));
    }

    @Test
    void aMuteEventMutesItsBrandFromStartToJustBeforeItsEnd() {
        PlannedEvents ev = PlannedEvents.of(event("e1", "nordbahn", 0, 60, PlannedEvent.Mode.MUTE, 1));
        assertThat(ev.at("nordbahn", min(-0.01)).inEvent()).isFalse();
        assertThat(ev.at("nordbahn", min(0)).muted()).isTrue();
        assertThat(ev.at("nordbahn", min(59.99)).muted()).isTrue();
        assertThat(ev.at("nordbahn", min(60)).inEvent()).as("end is exclusive, as in PlannedEvent.covers").isFalse();
        assertThat(ev.at("kaffeekult", min(30)).inEvent()).as("another brand").isFalse();
        assertThat(ev.at("nordbahn", min(30)).thresholdFactor()).isEqualTo(1.0);
    }

    @Test
    void overlappingRaisesTakeTheLargestFactorAndAMuteAmongThemWins() {
        PlannedEvents ev = PlannedEvents.of(event("a", "b", 0, 60, PlannedEvent.Mode.RAISE, 2),
                event("b", "b", 30, 90, PlannedEvent.Mode.RAISE, 5), event("c", "b", 80, 100, PlannedEvent.Mode.MUTE, 1));
        assertThat(ev.at("b", min(10)).thresholdFactor()).isEqualTo(2.0);
        assertThat(ev.at("b", min(45)).thresholdFactor()).isEqualTo(5.0);
        assertThat(ev.at("b", min(45)).muted()).isFalse();
        assertThat(ev.at("b", min(85)).muted()).isTrue();
        assertThat(ev.at("b", min(45)).describe()).contains("planned event 'Launch a' (RAISE 2x", "'Launch b' (RAISE 5x");
    }

    @Test
    void aWindowIsJudgedWithEveryEventItOverlaps() {
        PlannedEvents ev = PlannedEvents.of(event("a", "b", 0, 60, PlannedEvent.Mode.MUTE, 1));
        long end = min(60).toEpochMilli();
        assertThat(ev.during("b", end - 30_000, end + 30_000).muted()).as("the minute after still holds launch traffic").isTrue();
        assertThat(ev.during("b", end, end + 60_000).inEvent()).isFalse();
    }

    @Test
    void cancelledAndInvalidEventsAreIgnored() {
        PlannedEvent ok = event("a", "b", 0, 60, PlannedEvent.Mode.MUTE, 1);
        PlannedEvent cancelled = new PlannedEvent(1, "c", "b", "x", ok.start(), ok.end(), PlannedEvent.Mode.MUTE, 1, true, null, null);
        PlannedEvent backwards = new PlannedEvent(1, "d", "x", "x", ok.end(), ok.start(), PlannedEvent.Mode.MUTE, 1, false, null, null);
        PlannedEvents ev = new PlannedEvents(Arrays.asList(ok, cancelled, backwards, null));
        assertThat(ev.size()).isEqualTo(1);
        assertThat(ev.at("x", min(30)).inEvent()).isFalse();
        assertThat(PlannedEvents.NONE.at("b", min(30))).isSameAs(PlannedEvents.Applicable.NOTHING);
    }
}
