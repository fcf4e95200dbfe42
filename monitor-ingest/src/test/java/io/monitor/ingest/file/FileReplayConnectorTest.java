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

    Path csvFile(String content) throws Exception {
        Path p = dir.resolve("export.csv");
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void aCsvExportIsMappedByColumnName_quotedFieldsKeepCommasQuotesAndLineBreaks() throws Exception {
        Path p = csvFile("Tweet Id,Date,Tweet,Username,Likes\r\n"
                + "101,2025-01-01T10:00:00Z,\"Nordbahn, schon wieder \"\"Verspätung\"\"\nab Hamburg\",anna,3\r\n"
                + "102,1735725900,kurz,ben,\r\n");
        Batch b = connector(p, Map.of("platform", "x", "columns", Map.of("id", "Tweet Id", "createdAt", "date",
                "text", "Tweet", "author.handle", "Username", "engagement.likes", "Likes"))).fetch(null);

        assertThat(b.rejected()).isEmpty();
        assertThat(b.mentions()).extracting(Mention::id).containsExactly("101", "102");
        Mention first = b.mentions().get(0);
        assertThat(first.platform()).isEqualTo("x");
        assertThat(first.text()).isEqualTo("Nordbahn, schon wieder \"Verspätung\"\nab Hamburg");
        assertThat(first.author().handle()).isEqualTo("anna");
        assertThat(first.engagement().likes()).isEqualTo(3);
        assertThat(first.engagement().reposts()).isEqualTo(-1);
        assertThat(b.mentions().get(1).createdAt()).isEqualTo(Instant.parse("2025-01-01T10:05:00Z")); // epoch seconds
        assertThat(b.cursor()).isEqualTo(String.valueOf(Files.size(p)));
    }

    @Test
    void csvColumnsNamedLikeTheFieldsNeedNoMapping_aSemicolonDelimiterWorks_aBadRowIsRejectedWithItsOffset()
            throws Exception {
        String header = "platform;id;createdAt;text\n";
        String good = "forum;1;2025-01-01T10:00:00Z;Nordbahn ärgerlich\n";
        Path p = csvFile(header + good + "forum;2;gestern;kaputt\n" + "forum;3;2025-01-01T10:02:00Z\n");
        Batch b = connector(p, Map.of("delimiter", ";")).fetch(null);

        assertThat(b.mentions()).extracting(Mention::text).containsExactly("Nordbahn ärgerlich");
        assertThat(b.rejected()).hasSize(2);
        assertThat(b.rejected().get(0).raw()).isEqualTo("forum;2;gestern;kaputt");
        assertThat(b.rejected().get(0).reason()).startsWith("export.csv at byte offset "
                + (header + good).getBytes(StandardCharsets.UTF_8).length + ": not a valid mention");
        assertThat(b.rejected().get(1).reason()).contains("has 3 fields, the header has 4");
    }

    @Test
    void aCsvRestartSkipsTheHeaderAndContinuesAfterTheStoredOffset_anUnfinishedQuotedRecordWaits() throws Exception {
        String header = "platform,id,createdAt,text\n";
        String one = "forum,1,2025-01-01T10:00:00Z,eins\n";
        Path p = csvFile(header + one + "forum,2,2025-01-01T10:01:00Z,\"zwei\nnoch offen");
        Batch b = connector(p, Map.of()).fetch(null);
        assertThat(b.mentions()).extracting(Mention::id).containsExactly("1");
        assertThat(b.cursor()).isEqualTo(String.valueOf((header + one).getBytes(StandardCharsets.UTF_8).length));

        Files.writeString(p, "\"\n", StandardOpenOption.APPEND);
        Batch after = connector(p, Map.of()).fetch(b.cursor()); // as after a restart
        assertThat(after.mentions()).singleElement().satisfies(m -> assertThat(m.text()).isEqualTo("zwei\nnoch offen"));
    }

    @Test
    void csvSettingsErrorsNameTheKeyAndTheHeader() throws Exception {
        Path noId = csvFile("platform,createdAt,text\n");
        assertThatThrownBy(() -> connector(noId, Map.of())).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("ingest.sources[9].options.columns.id").hasMessageContaining("[platform, createdAt, text]");
        Path p = csvFile("id,createdAt,text\n");
        assertThatThrownBy(() -> connector(p, Map.of())).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("ingest.sources[9].options.platform");
        assertThatThrownBy(() -> connector(p, Map.of("platform", "x", "columns", Map.of("text", "Tweet"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("no column 'Tweet'");
    }
}
