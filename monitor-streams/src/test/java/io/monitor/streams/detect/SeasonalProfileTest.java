package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Synthetic series with known answers. Panes are one minute; a "rush" hour brings 6 negatives per minute, other
 * hours 1 per minute, so the levels (negatives per pane) are exactly 6 and 1.
 */
class SeasonalProfileTest {
    private static final long MIN = 60_000;
    private static final long HOUR = 60 * MIN;
    private static final long DAY = 24 * HOUR;
    /** Monday 00:00 UTC. */
    private static final long MONDAY = Instant.parse("2026-11-23T00:00:00Z").toEpochMilli();

    private final SeasonalProfile profile = new SeasonalProfile();

    /** Feeds every minute of [from, to) with negatives(t). */
    private void feed(long from, long to, LongUnaryOperator negatives) {
        for (long t = from; t < to; t += MIN) {
            profile.observe(t, MIN, negatives.applyAsLong(t), false, false);
        }
    }

    private static long hourOfDay(long t) {
        return Math.floorMod(t, DAY) / HOUR;
    }

    /** Every day: 8:00–9:00 is the rush. */
    private static long dailyRush(long t) {
        return hourOfDay(t) == 8 ? 6 : 1;
    }

    @Test
    void hourOfWeekStartsOnMondayMidnightUtc() {
        assertThat(SeasonalProfile.hourOfWeek(MONDAY)).isZero();
        assertThat(SeasonalProfile.hourOfWeek(MONDAY + 8 * HOUR + 59 * MIN)).isEqualTo(8);
        assertThat(SeasonalProfile.hourOfWeek(Instant.parse("2026-11-27T08:30:00Z").toEpochMilli())).isEqualTo(4 * 24 + 8);
        assertThat(SeasonalProfile.hourOfWeek(MONDAY - 1)).isEqualTo(167);
    }

    @Test
    void aDailyRushIsLearnedAsTheLevelOfItsHourAndTheProfileIsReadyAfterMinDays() {
        feed(MONDAY, MONDAY + 2 * DAY + 23 * HOUR, SeasonalProfileTest::dailyRush);
        assertThat(profile.ready(3)).as("the hour being accumulated has not entered yet").isFalse();
        feed(MONDAY + 2 * DAY + 23 * HOUR, MONDAY + 3 * DAY + MIN, SeasonalProfileTest::dailyRush);
        assertThat(profile.hoursLearned).isEqualTo(72);
        assertThat(profile.ready(3)).isTrue();
        assertThat(profile.ready(4)).isFalse();
        // Thursday, never seen: the hour of day stands in for the hour of the week
        long thursday = MONDAY + 3 * DAY;
        assertThat(profile.level(thursday + 8 * HOUR + 30 * MIN)).isCloseTo(6.0, within(1e-12));
        assertThat(profile.level(thursday + 3 * HOUR)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void onlineTheCurrentHourIsUnknownUntilItEnds() {
        feed(MONDAY, MONDAY + 8 * HOUR + 30 * MIN, SeasonalProfileTest::dailyRush);
        assertThat(profile.level(MONDAY + 8 * HOUR)).as("8:00 is half fed, nothing known of it yet").isNaN();
        feed(MONDAY + 8 * HOUR + 30 * MIN, MONDAY + 9 * HOUR + MIN, SeasonalProfileTest::dailyRush);
        assertThat(profile.level(MONDAY + 8 * HOUR)).isCloseTo(6.0, within(1e-12));
    }

    @Test
    void aOneOffStormAtThreeInTheMorningDoesNotMoveTheMedian() {
        feed(MONDAY, MONDAY + 4 * DAY + MIN, t -> {
            boolean storm = t >= MONDAY + DAY + 3 * HOUR && t < MONDAY + DAY + 4 * HOUR; // Tuesday 3:00 only
            return storm ? 40 : dailyRush(t);
        });
        assertThat(profile.level(MONDAY + 4 * DAY + 3 * HOUR)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void whileAnAlertIsOpenAnHourEntersCappedAtTwiceItsExpectedLevel() {
        feed(MONDAY, MONDAY + DAY + 3 * HOUR, SeasonalProfileTest::dailyRush);
        for (long t = MONDAY + DAY + 3 * HOUR; t < MONDAY + DAY + 4 * HOUR + MIN; t += MIN) {
            profile.observe(t, MIN, t < MONDAY + DAY + 4 * HOUR ? 50 : 1, false, true); // an incident during 3:00
        }
        assertThat(profile.buckets[SeasonalProfile.hourOfWeek(MONDAY + DAY + 3 * HOUR)]).containsExactly(2.0);
    }

    @Test
    void panesInsideAPlannedEventDoNotEnterAndAnHourMostlyInsideOneIsLeftOut() {
        // Monday 10:00–10:45 is a launch event with 30 negatives per minute; only 15 minutes of the hour are usable
        for (long t = MONDAY; t < MONDAY + 11 * HOUR + MIN; t += MIN) {
            boolean event = t >= MONDAY + 10 * HOUR && t < MONDAY + 10 * HOUR + 45 * MIN;
            profile.observe(t, MIN, event ? 30 : 1, event, false);
        }
        assertThat(profile.buckets[10]).isNull();
        assertThat(profile.level(MONDAY + 10 * HOUR)).isNaN();
        // half an hour outside the event is enough, and only those panes count
        for (long t = MONDAY + 11 * HOUR + MIN; t < MONDAY + 12 * HOUR + MIN; t += MIN) {
            boolean event = t < MONDAY + 11 * HOUR + 30 * MIN;
            profile.observe(t, MIN, event ? 30 : 1, event, false);
        }
        assertThat(profile.buckets[11]).hasSize(1);
        assertThat(profile.buckets[11][0]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void hourOfWeekTakesOverFromHourOfDayOnceThreeWeeksOfThatHourExist() {
        // Weekday rush at 8:00, none at the weekend
        LongUnaryOperator weekdayRush = t -> Math.floorMod(t - MONDAY, 7 * DAY) < 5 * DAY ? dailyRush(t) : 1;
        long saturday8 = 5 * DAY + 8 * HOUR;
        feed(MONDAY, MONDAY + 7 * DAY + MIN, weekdayRush);
        assertThat(profile.level(MONDAY + 7 * DAY + saturday8)).as("hour of day: 5 of 7 days have a rush")
                .isCloseTo(6.0, within(1e-12));
        feed(MONDAY + 7 * DAY + MIN, MONDAY + 21 * DAY + MIN, weekdayRush);
        assertThat(profile.level(MONDAY + 21 * DAY + saturday8)).as("hour of week: Saturdays have none")
                .isCloseTo(1.0, within(1e-12));
        assertThat(profile.level(MONDAY + 21 * DAY + 8 * HOUR)).isCloseTo(6.0, within(1e-12));
        // bounded: at most WEEKS_KEPT values per bucket
        feed(MONDAY + 21 * DAY + MIN, MONDAY + 42 * DAY + MIN, weekdayRush);
        assertThat(java.util.Arrays.stream(profile.buckets).mapToInt(b -> b.length).max().orElse(0))
                .isEqualTo(SeasonalProfile.WEEKS_KEPT);
    }

    @Test
    void rescaleBringsEarlierQuietWindowsToTheRushLevelOfTheCurrentHour() {
        feed(MONDAY, MONDAY + 3 * DAY + MIN, SeasonalProfileTest::dailyRush);
        long now = MONDAY + 3 * DAY + 8 * HOUR + 5 * MIN;         // Thursday 8:05
        long[] starts = {now - MIN, now - 10 * MIN, now - 20 * MIN}; // 8:04 (rush), 7:55, 7:45
        long[] counts = {6, 1, 1};
        double[] r = profile.rescale(counts, starts, MIN, now, 0.0);
        assertThat(r).containsExactly(new double[] {6.0, 6.0, 6.0}, within(1e-12));
        // the floor damps the factor of a usually empty hour
        assertThat(profile.factor(now - 10 * MIN, now, MIN, 1.0)).isCloseTo(7.0 / 2.0, within(1e-12));
        // at 3 a.m. nothing changes
        long three = MONDAY + 3 * DAY + 3 * HOUR + 30 * MIN;
        assertThat(profile.rescale(new long[] {1, 2}, new long[] {three - MIN, three - 2 * MIN}, MIN, three, 0.1))
                .containsExactly(new double[] {1.0, 2.0}, within(1e-12));
    }

    @Test
    void aWindowAcrossTheHourIsWeightedByItsOverlapWithEachHour() {
        feed(MONDAY, MONDAY + 3 * DAY + MIN, SeasonalProfileTest::dailyRush);
        long eight = MONDAY + 3 * DAY + 8 * HOUR;
        assertThat(profile.levelOver(eight - 15 * MIN, eight + 5 * MIN)).isCloseTo((15 * 1.0 + 5 * 6.0) / 20, within(1e-12));
        assertThat(profile.levelOver(eight, eight + 5 * MIN)).isCloseTo(6.0, within(1e-12));
        assertThat(profile.levelOver(MONDAY + 30 * DAY, MONDAY + 30 * DAY + MIN)).isCloseTo(1.0, within(1e-12));
        assertThat(new SeasonalProfile().levelOver(eight, eight + MIN)).isNaN();
    }

    @Test
    void nothingKnownMeansNoRescaling() {
        assertThat(profile.rescale(new long[] {3}, new long[] {MONDAY}, MIN, MONDAY + HOUR, 0.1)).containsExactly(3.0);
        assertThat(profile.factor(MONDAY, MONDAY + HOUR, MIN, 0.1)).isEqualTo(1.0);
    }
}
