package io.monitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorAppTest {

    private record Result(int code, String out, String err) {
    }

    private static Result exec(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = MonitorApp.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void helpListsEveryRole() {
        Result r = exec("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("run", "ingest", "streams", "api");
    }

    @Test
    void everyOptionOfRunIsExplained() {
        Result r = exec("run", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--config", "--bootstrap-servers", "--data-dir", "--port", "--kafka-port", "--no-demo");
    }

    @Test
    void givenAnInvalidConfig_thenStartUpStopsWithTheKeyAndExitCode2(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "brands:\n  - id: acme\n");
        Result r = exec("run", "--config", config.toString(), "--data-dir", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Configuration error: brands[0].query: is required").doesNotContain("Exception");
    }

    @Test
    void givenASingleRoleWithoutACluster_thenItSaysHowToGiveOne(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("ok.yaml");
        Files.writeString(config, "brands:\n  - {id: acme, query: acme}\n");
        Result r = exec("streams", "--config", config.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("kafka.bootstrapServers").contains("--bootstrap-servers");
    }

    @Test
    void sentimentScoresEachLineOfAFile(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("posts.txt");
        Files.writeString(input, "Das ist wirklich super, danke!\nThis is the worst service ever, awful.\n");
        Result r = exec("sentiment", "--input", input.toString());
        assertThat(r.code()).isZero();
        String[] rows = r.out().strip().split("\n");
        assertThat(rows).hasSize(2);
        assertThat(rows[0]).startsWith("de\tpositive");
        assertThat(rows[1]).startsWith("en\tnegative");
    }

    @Test
    void backtestExplainsItsOptions() {
        Result r = exec("backtest", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("nab", "mentions", "--labels", "--input");
    }

    @Test
    void benchExplainsItsOptionsAndRejectsUnknownOnes() {
        Result help = exec("bench", "--help");
        assertThat(help.out() + help.err()).contains("--rate", "--duration", "--report");
        Result bad = exec("bench", "--rat", "5");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out() + bad.err()).contains("unknown option --rat").doesNotContain("Exception");
    }
}
