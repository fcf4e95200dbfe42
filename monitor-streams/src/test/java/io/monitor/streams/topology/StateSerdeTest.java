package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.model.Alert;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.core.model.Severity;
import io.monitor.streams.detect.AlertTracker;
import io.monitor.streams.detect.IncidentState;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stores' values survive the JSON round trip a restart (changelog restore) puts them through. */
class StateSerdeTest {

    @Test
    void brandStateWithHistoryAndAnOpenIncidentRoundTrips() {
        BrandState s = new BrandState();
        s.history.observe(1000, 0, 3);
        s.history.observe(70_000, 60_000, 9);
        Alert a = Alert.firing(AlertTracker.labels("nordbahn"), Map.of("summary", "x", "observed", "9"), Severity.WARNING,
                Instant.parse("2026-11-27T08:00:00Z"));
        s.incident = new IncidentState(a, 70_000, 70_000, 9);
        BrandState back = Topologies.STATE_SERDE.fromBytes(Topologies.STATE_SERDE.toBytes(s));
        assertThat(back.history.firstSeen).isEqualTo(1000);
        assertThat(back.history.counts).containsEntry(0L, 3L).containsEntry(60_000L, 9L);
        assertThat(back.incident).isEqualTo(s.incident);
    }

    @Test
    void brandWindowKeepsTheHighestReachSamplesAndBoundedTerms() {
        BrandWindow w = new BrandWindow();
        for (int i = 0; i < 500; i++) {
            Mention m = new Mention(1, "demo", "p" + i, "https://x/" + i, new Mention.Author("a", "a", null, i), "kaputt wort" + i
                    + " stellwerk", null, Instant.EPOCH, null, null, null, null, null, null, new Sentiment(-0.5, Sentiment.Label.NEGATIVE, 1));
            w.add(m);
        }
        BrandWindow back = Topologies.WINDOW_SERDE.fromBytes(Topologies.WINDOW_SERDE.toBytes(w));
        assertThat(back.negative).isEqualTo(500);
        assertThat(back.samples).extracting(BrandWindow.Sample::followers).containsExactly(499L, 498L, 497L);
        assertThat(back.terms.size()).isLessThanOrEqualTo(BrandWindow.MAX_TERMS + 1);
        assertThat(back.topTerms(2)).containsExactly("kaputt (500)", "stellwerk (500)");
    }

    @Test
    void theRepartitionedProjectionRoundTripsAndCarriesTextOnlyForNegatives() {
        Mention neg = new Mention(1, "demo", "p1", "https://x/1", new Mention.Author("a", "a", null, 42), "kaputt, ärgerlich",
                null, Instant.EPOCH, null, null, null, null, null, null, new Sentiment(-0.5, Sentiment.Label.NEGATIVE, 1));
        BrandMention p = BrandMention.of(neg);
        BrandMention back = BrandMention.SERDE.deserializer().deserialize("t", BrandMention.SERDE.serializer().serialize("t", p));
        assertThat(back).isEqualTo(p);
        assertThat(back.text()).isEqualTo("kaputt, ärgerlich");
        assertThat(back.followers()).isEqualTo(42);

        Mention pos = new Mention(1, "demo", "p2", "https://x/2", null, "super", null, Instant.EPOCH, null, null, null, null,
                null, null, new Sentiment(0.7, Sentiment.Label.POSITIVE, 1));
        assertThat(BrandMention.of(pos).text()).isNull();
        assertThat(BrandMention.of(pos).url()).isNull();
    }

    @Test
    void panesMergeIntoTheWindowTheyFormWithTheHighestReachSamples() {
        BrandWindow a = new BrandWindow();
        BrandWindow b = new BrandWindow();
        for (int i = 0; i < 4; i++) {
            Mention m = new Mention(1, "demo", "p" + i, null, new Mention.Author("a", "a", null, i * 10), "stellwerk kaputt",
                    null, Instant.EPOCH, null, null, null, null, null, null, new Sentiment(-0.5, Sentiment.Label.NEGATIVE, 1));
            (i % 2 == 0 ? a : b).add(m);
        }
        BrandWindow w = new BrandWindow().merge(a).merge(b);
        assertThat(w.negative).isEqualTo(4);
        assertThat(w.samples).extracting(BrandWindow.Sample::followers).containsExactly(30L, 20L, 10L);
        assertThat(w.topTerms(1)).containsExactly("kaputt (4)");
    }

    @Test
    void theSeasonalProfileAndTheShareIncidentSurviveTheRoundTrip() {
        BrandState s = new BrandState();
        s.history.observe(1000, 0, 3);
        io.monitor.streams.detect.SeasonalProfile p = new io.monitor.streams.detect.SeasonalProfile();
        for (long t = 0; t < 3 * 3_600_000L; t += 60_000) {
            p.observe(t, 60_000, t < 3_600_000L ? 6 : 1, false, false);
        }
        p.fedUntil = 3 * 3_600_000L;
        double level = p.level(0);
        s.extras.seasonal = p;
        s.extras.keptFrom = 42;
        s.extras.sharePendingSince = 7;
        Alert a = Alert.firing(AlertTracker.labels("nordbahn", io.monitor.core.model.AlertRules.NEGATIVE_SHARE_SHIFT),
                Map.of("summary", "tone", "observed", "30"), Severity.WARNING, Instant.parse("2026-11-27T08:00:00Z"));
        s.extras.shareIncident = new IncidentState(a, 70_000, 70_000, 30);

        BrandState back = Topologies.STATE_SERDE.fromBytes(Topologies.STATE_SERDE.toBytes(s));
        assertThat(back.extras.keptFrom).isEqualTo(42);
        assertThat(back.extras.sharePendingSince).isEqualTo(7);
        assertThat(back.extras.shareIncident).isEqualTo(s.extras.shareIncident);
        assertThat(back.extras.seasonal.hoursLearned).isEqualTo(2);
        assertThat(back.extras.seasonal.fedUntil).isEqualTo(p.fedUntil);
        assertThat(back.extras.seasonal.buckets[io.monitor.streams.detect.SeasonalProfile.hourOfWeek(0)]).containsExactly(6.0);
        assertThat(back.extras.seasonal.level(0)).isEqualTo(level);
        // the hour being accumulated goes on where it stopped
        assertThat(back.extras.seasonal.hourStart).isEqualTo(p.hourStart);
        assertThat(back.extras.seasonal.hourPanes).isEqualTo(p.hourPanes);
    }

    @Test
    void aStateWrittenBeforeTheNewRulesStillReads() {
        byte[] old = "{\"history\":{\"firstSeen\":1000,\"counts\":{\"0\":3}},\"volumes\":{\"firstSeen\":1000,\"counts\":{}},\"incident\":null}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        BrandState back = Topologies.STATE_SERDE.fromBytes(old);
        assertThat(back.history.counts).containsEntry(0L, 3L);
        assertThat(back.extras).isNotNull();
        assertThat(back.extras.seasonal).isNull();
        assertThat(back.extras.shareIncident).isNull();
    }

    @Test
    void aPlannedEventEntryRoundTrips() {
        io.monitor.core.model.PlannedEvent e = new io.monitor.core.model.PlannedEvent(1, "launch", "nordbahn", "Launch",
                Instant.parse("2026-11-27T10:00:00Z"), Instant.parse("2026-11-27T12:00:00Z"),
                io.monitor.core.model.PlannedEvent.Mode.RAISE, 2.5, false, "cm", Instant.parse("2026-11-27T09:00:00Z"));
        PlannedEventEntry entry = new PlannedEventEntry(e, "launch", null, null, 0, 12, 1000);
        assertThat(PlannedEventEntry.SERDE.fromBytes(PlannedEventEntry.SERDE.toBytes(entry))).isEqualTo(entry);
        PlannedEventEntry dead = new PlannedEventEntry(null, "x", "{not json", "not a valid PlannedEvent JSON record", 0, 13, 1000);
        assertThat(PlannedEventEntry.SERDE.fromBytes(PlannedEventEntry.SERDE.toBytes(dead))).isEqualTo(dead);
    }
}
