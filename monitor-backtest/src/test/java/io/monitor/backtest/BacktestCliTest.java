package io.monitor.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestCliTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return BacktestCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("monitor backtest nab --data").contains("mentions --input");
    }

    @Test
    void mentionsWithAMissingConfigIsABadInputNotAStackTrace() throws Exception {
        Path input = dir.resolve("m.jsonl");
        java.nio.file.Files.writeString(input, "");
        assertThat(run("mentions", "--input", input.toString(), "--config", dir.resolve("nope.yaml").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad configuration").contains("does not exist");
    }

    @Test
    void usageErrorsSayWhatIsWrong() {
        assertThat(run("nab")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing --data");
        assertThat(run("nab", "--dta", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --dta");
        assertThat(run("replay")).isEqualTo(2);
        assertThat(run("nab", "--data", dir.resolve("missing").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("does not exist");
    }

    @Test
    void anUnknownDetectorIsAUsageErrorNamingTheFlag() throws Exception {
        Path csv = dir.resolve("one.csv");
        Files.writeString(csv, "timestamp,value\n2026-01-05 00:00:00,1\n");
        assertThat(run("nab", "--data", csv.toString(), "--detector", "htm")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--detector must be series or topology, not 'htm'");
    }

    @Test
    void nabWithTheTopologyDetectorScoresTheProductsSpikeRule() throws Exception {
        // Counts per 5 minutes around 10, a burst of 60 at row 1200 inside the labelled window.
        Path data = dir.resolve("data/synthetic");
        Files.createDirectories(data);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime t0 = LocalDateTime.of(2026, 1, 5, 0, 0);
        Random r = new Random(9);
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 1500; i++) {
            csv.append(f.format(t0.plusMinutes(5L * i))).append(',').append(10 + r.nextInt(3) + (i == 1200 ? 60 : 0))
                    .append('\n');
        }
        Files.writeString(data.resolve("burst.csv"), csv);
        Path labels = dir.resolve("windows.json");
        Files.writeString(labels, "{\"synthetic/burst.csv\": [[\"" + f.format(t0.plusMinutes(5L * 1190)) + ".000000\", \""
                + f.format(t0.plusMinutes(5L * 1249)) + ".000000\"]]}");
        Path results = dir.resolve("results");

        int code = run("nab", "--data", dir.resolve("data").toString(), "--labels", labels.toString(), "--out",
                results.toString(), "--detector", "topology");

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> rows = Files.readAllLines(results.resolve("synthetic/burst.csv"));
        assertThat(rows).hasSize(1501);
        assertThat(rows.get(0)).isEqualTo("timestamp,value,anomaly_score,count,spike,p_value,incident_opened");
        String[] burst = rows.get(1201).split(",");
        assertThat(Double.parseDouble(burst[2])).as("the burst row").isGreaterThanOrEqualTo(0.75);
        assertThat(burst[4]).isEqualTo("true");
        assertThat(burst[6]).isEqualTo("true");
        assertThat(rows.get(1202).split(",")[6]).isEqualTo("false");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("detector: topology");
        // Detected at row 1200, ten rows into the window, and nothing else: the same 99.1 as the series detector.
        assertThat(printed).containsPattern("synthetic/burst.csv\\s+1\\s+1\\s+0\\s+0\\.983\\s+99\\.1");
        // The product's own decision (threshold 0.5) gives the same on this file.
        assertThat(printed).containsPattern("product's own decision[^\\n]*\\n\\s+standard\\s+99\\.1");
    }

    @Test
    void nabWritesScoresPerRowAndPrintsTheNabScoreOfEveryProfile() throws Exception {
        // 1500 rows of noise, a jump at row 1200, labelled with a window over rows 1190..1249.
        Path data = dir.resolve("data/synthetic");
        Files.createDirectories(data);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime t0 = LocalDateTime.of(2026, 1, 5, 0, 0);
        Random r = new Random(9);
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 1500; i++) {
            csv.append(f.format(t0.plusMinutes(5L * i))).append(',').append(10 + r.nextGaussian() + (i == 1200 ? 40 : 0))
                    .append('\n');
        }
        Files.writeString(data.resolve("jump.csv"), csv);
        Path labels = dir.resolve("windows.json");
        Files.writeString(labels, "{\"synthetic/jump.csv\": [[\"" + f.format(t0.plusMinutes(5L * 1190)) + ".000000\", \""
                + f.format(t0.plusMinutes(5L * 1249)) + ".000000\"]]}");
        Path results = dir.resolve("results");

        int code = run("nab", "--data", dir.resolve("data").toString(), "--labels", labels.toString(), "--out",
                results.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        List<String> rows = Files.readAllLines(results.resolve("synthetic/jump.csv"));
        assertThat(rows).hasSize(1501);
        assertThat(rows.get(0)).isEqualTo("timestamp,value,anomaly_score");
        String printed = out.toString(StandardCharsets.UTF_8);
        // The jump (row 1200) is detected ten rows after the window start and nothing else is: raw S(-50/60)/S(-1) =
        // 0.98262, normalised 100·(0.98262 + 1)/2 = 99.1 (reward_low_FN_rate: 100·2.98262/3 = 99.4).
        assertThat(printed).containsPattern("synthetic/jump.csv\\s+1\\s+1\\s+0\\s+0\\.983\\s+99\\.1");
        assertThat(printed).containsPattern("standard\\s+[0-9.]+\\s+0\\.983\\s+-1\\.000\\s+1\\.000\\s+99\\.1");
        assertThat(printed).containsPattern("reward_low_FN_rate\\s+[0-9.]+\\s+0\\.983\\s+-2\\.000\\s+1\\.000\\s+99\\.4");
        assertThat(printed).contains("reward_low_FP_rate").contains("reward_low_FN_rate").contains("ARTime");
        // Per category (the first directory): 1 file, 1 window, detected, none missed, no false positive.
        assertThat(printed).containsPattern("synthetic\\s+1\\s+1\\s+1\\s+0\\s+0\\s+0\\.983\\s+99\\.1");
    }
}
