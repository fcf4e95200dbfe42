package io.monitor.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.config.SettingsException;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import io.monitor.ingest.testing.FakeClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReplayConnectorTest {
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");
    final FakeClock clock = new FakeClock(NOW);
    @TempDir
    Path dir;

    static String line(String id, String createdAt) {
        return "{\"platform\":\"forum\",\"id\":\"" + id + "\",\"text\":\"Nordbahn " + id + " ärgerlich\",\"createdAt\":\""
                + createdAt + "\"}\n";
    }

    Path file(String content) throws Exception {
        Path p = dir.resolve("mentions.jsonl");
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    FileReplayConnector connector(Path p, Map<String, Object> extra) {
        Map<String, Object> o = new java.util.HashMap<>(extra);
        o.put("path", p.toString());
        SourceSettings s = new SourceSettings("replay", "file", true, null, null, null, List.of(), o);
        return new FileReplayConnector(new SourceContext("ingest.sources[9]", s, List.of(), clock, new HttpFetcher(clock)));
    }

    @Test
    void fastPaceReadsEverything_badLinesAreRejectedWithTheirOffset_andTheCursorIsTheOffsetAfterTheLastLine()
            throws Exception {
        Path p = file(line("1", "2025-01-01T10:00:00Z") + "{broken\n" + line("2", "2025-01-01T10:05:00Z"));
        Batch b = connector(p, Map.of()).fetch(null);

        assertThat(b.mentions()).extracting(Mention::id).containsExactly("1", "2");
        assertThat(b.mentions().get(0).text()).isEqualTo("Nordbahn 1 ärgerlich");
        assertThat(b.mentions().get(0).createdAt()).isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
        assertThat(b.rejected()).singleElement().satisfies(r -> {
            assertThat(r.raw()).isEqualTo("{broken");
            assertThat(r.reason()).startsWith("mentions.jsonl at byte offset " + line("1", "2025-01-01T10:00:00Z")
                    .getBytes(StandardCharsets.UTF_8).length);
        });
        assertThat(b.cursor()).isEqualTo(String.valueOf(Files.size(p)));
    }

    @Test
    void givenTheStoredOffset_aRestartContinuesWithTheNextLine_andAnUnfinishedLineWaits() throws Exception {
        Path p = file(line("1", "2025-01-01T10:00:00Z"));
        String cursor = connector(p, Map.of()).fetch(null).cursor();
        Files.writeString(p, line("2", "2025-01-01T10:01:00Z") + "{\"platform\":\"forum\",\"id\":\"3\"",
                StandardOpenOption.APPEND);

        Batch b = connector(p, Map.of()).fetch(cursor);
        assertThat(b.mentions()).extracting(Mention::id).containsExactly("2");
        Files.writeString(p, ",\"createdAt\":\"2025-01-01T10:02:00Z\"}\n", StandardOpenOption.APPEND);
        assertThat(connector(p, Map.of()).fetch(b.cursor()).mentions()).extracting(Mention::id).containsExactly("3");
    }

    @Test
    void atOriginalPaceScaledByTenAMentionIsReleasedWhenItsTimeHasCome_andShiftTimeMovesItToNow() throws Exception {
        Path p = file(line("1", "2025-01-01T10:00:00Z") + line("2", "2025-01-01T10:01:00Z"));
        FileReplayConnector c = connector(p, Map.of("pace", "10", "shiftTime", true));

        Batch first = c.fetch(null);
        assertThat(first.mentions()).extracting(Mention::id).containsExactly("1");
        assertThat(first.mentions().get(0).createdAt()).isEqualTo(NOW);
        clock.advance(Duration.ofSeconds(5));
        assertThat(c.fetch(first.cursor()).mentions()).isEmpty();
        clock.advance(Duration.ofSeconds(1)); // one minute of history at 10x is 6 s
        Batch second = c.fetch(first.cursor());
        assertThat(second.mentions()).extracting(Mention::id).containsExactly("2");
        assertThat(second.mentions().get(0).createdAt()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void settingsErrorsNameTheKey() throws Exception {
        Path p = file("");
        assertThatThrownBy(() -> connector(dir.resolve("missing.jsonl"), Map.of()))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("ingest.sources[9].options.path");
        assertThatThrownBy(() -> connector(p, Map.of("pace", "warp")))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("ingest.sources[9].options.pace");
    }
}
