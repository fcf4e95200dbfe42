package io.monitor.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.config.SettingsLoader;
import io.monitor.core.model.Alert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Timeline of {@code mentions/nordbahn-burst.jsonl} (made up, see PROVENANCE.md): quiet from 07:00, a burst of 60 angry
 * mentions from 07:40 to 07:43, quiet until 07:58. Replayed once through the real topology with the shipped scorer.
 */
class MentionsBacktestTest {
    static final Instant BURST = Instant.parse("2026-11-02T07:40:00Z");
    static MentionsBacktest.Outcome outcome;
    static String printed;
    static String errors;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(MentionsBacktestTest.class.getResource("/mentions/" + name).toURI());
    }

    @BeforeAll
    static void replay() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        outcome = MentionsBacktest.run(resource("nordbahn-burst.jsonl"),
                SettingsLoader.load(resource("backtest-monitor.yaml"), Map.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        printed = out.toString(StandardCharsets.UTF_8);
        errors = err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void givenAQuietHourAndABurst_whenReplayed_thenOneSpikeIncidentFiresDuringTheBurstAndResolvesAfterIt() {
        assertThat(outcome.replayed()).isEqualTo(174);
        // The burst repeats four texts; one of them ("Absolutely furious with Nordbahn, ...") 7 times in a minute,
        // which the emerging-term rule reports as its own incident (7 >= minCount 6; 7 copies stay below the
        // copy-paste rule's minCopies 8). Nothing else fires.
        assertThat(outcome.alerts()).as(printed).extracting(Alert::rule).containsOnly("negative_volume_spike", "emerging_term");
        assertThat(outcome.incidents()).as(printed).isEqualTo(2);
        Alert first = outcome.alerts().get(0);
        assertThat(first.rule()).isEqualTo("negative_volume_spike");
        assertThat(first.state()).isEqualTo(Alert.State.FIRING);
        assertThat(first.brand()).isEqualTo("nordbahn");
        assertThat(first.startsAt()).isBetween(BURST, BURST.plusSeconds(180));
        Alert last = outcome.alerts().stream().filter(x -> x.rule().equals("negative_volume_spike"))
                .reduce((x, y) -> y).orElseThrow();
        assertThat(last.state()).isEqualTo(Alert.State.RESOLVED);
        assertThat(last.endsAt()).isAfter(BURST.plusSeconds(180));
        assertThat(printed).contains(first.startsAt() + "  FIRING   nordbahn").contains("Negative mentions of Nordbahn spiked")
                .contains("2 incident(s)").contains("resolved " + last.endsAt());
    }

    @Test
    void badLinesAreReportedWithTheirLineNumberAndTheRestIsReplayed() {
        assertThat(outcome.bad()).extracting(MentionsBacktest.BadLine::line).containsExactly(31, 62);
        assertThat(errors).contains("line 31 skipped").contains("line 62 skipped").contains("not a valid Mention JSON record");
        assertThat(printed).contains("replayed 174 mention(s), skipped 2 bad line(s)");
        assertThat(outcome.deadLetters()).isZero();
    }
}
