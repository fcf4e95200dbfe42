package io.monitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RunInfoTest {
    @Test
    void givenThisMachine_whenRunInfoIsTaken_thenItNamesLoadAveragesACommitAndTheBuildsOnTheClasspath() {
        RunInfo info = RunInfo.atStart();
        // Linux: "1-min / 5-min / 15-min" from /proc/loadavg; elsewhere the JVM's 1-min figure
        assertThat(info.loadAtStart).matches("\\d+\\.\\d+ / \\d+\\.\\d+ / \\d+\\.\\d+|-?\\d+\\.\\d+ \\(1-min\\)");
        // a 40-hex commit inside a git work tree (the build runs in one), or a reason why not
        assertThat(info.commit).matches("[0-9a-f]{40}.*|unknown \\(no git work tree here\\)");
        assertThat(info.streamsBuild).contains("monitor-streams");
        assertThat(info.sentimentBuild).contains("monitor-sentiment");
    }

    @Test
    void givenIngestToAlertSamples_thenPercentilesAreNearestRank() {
        List<Long> five = List.of(3_100L, 3_400L, 3_900L, 4_200L, 9_800L);
        assertThat(BenchReport.percentile(five, 50)).isEqualTo(3_900L);
        assertThat(BenchReport.percentile(five, 99)).isEqualTo(9_800L); // p99 of five samples is the worst one
        assertThat(BenchReport.percentile(List.of(7L), 50)).isEqualTo(7L);
    }
}
