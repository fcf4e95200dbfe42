package io.monitor.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabDataTest {
    @TempDir
    Path dir;

    @Test
    void readsSeriesLabelsAndProfilesInNabsFormats() throws Exception {
        Path csv = dir.resolve("s.csv");
        Files.writeString(csv, "timestamp,value\n2014-02-19 10:50:00,1.5\n2014-02-19 10:55:00,2\n2014-02-19 11:00:00,3\n");
        Path labels = dir.resolve("w.json");
        Files.writeString(labels, "{\"x/s.csv\": [[\"2014-02-19 10:55:00.000000\", \"2014-02-19 11:00:00.000000\"]]}");
        Path profiles = dir.resolve("p.json");
        Files.writeString(profiles, "{\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, "
                + "\"fpWeight\": 0.11, \"tnWeight\": 1.0}}}");

        NabData.Series s = NabData.readSeries(csv, "x/s.csv");
        Map<String, List<LocalDateTime[]>> w = NabData.readWindows(labels);

        assertThat(s.values()).containsExactly(1.5, 2.0, 3.0);
        assertThat(NabData.toRows(s.timestamps(), w.get("x/s.csv"))).containsExactly(new NabScorer.Window(1, 2));
        assertThat(NabData.readProfiles(profiles)).containsExactly(new NabScorer.Profile("standard", 1.0, 0.11, 1.0));
    }

    @Test
    void badRowNamesFileAndLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "timestamp,value\n2014-02-19 10:50:00,1\n2014-02-19 10:55:00,abc\n");
        assertThatThrownBy(() -> NabData.readSeries(csv, "bad.csv"))
                .isInstanceOf(BacktestException.class).hasMessageContaining("line 3").hasMessageContaining("'abc'");
    }

    @Test
    void writtenScoresHaveNabsResultColumns() throws Exception {
        Path csv = dir.resolve("s.csv");
        Files.writeString(csv, "timestamp,value\n2014-02-19 10:50:00,1\n2014-02-19 10:55:00,2.5\n");
        NabData.Series s = NabData.readSeries(csv, "s.csv");
        Path out = dir.resolve("out/s.csv");
        NabData.writeScores(out, s, new double[] {0.0, 0.25});
        assertThat(Files.readAllLines(out)).containsExactly("timestamp,value,anomaly_score",
                "2014-02-19 10:50:00,1,0.0", "2014-02-19 10:55:00,2.5,0.25");
    }
}
