package io.monitor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void givenTheDocumentedOptions_whenParsed_thenEveryValueIsTaken() {
        BenchOptions o = BenchOptions.parse(new String[] {"--bootstrap-servers", "k:9092", "--rate", "20000",
                "--duration", "2m", "--brands", "100", "--burst-factor", "10", "--burst-at", "30s", "--burst-length", "1m",
                "--crisis-at", "90s", "--crisis-rate", "500", "--exactly-once", "false", "--report", "r.md"});
        assertThat(o.bootstrapServers()).isEqualTo("k:9092");
        assertThat(o.rate()).isEqualTo(20000);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.brands()).isEqualTo(100);
        assertThat(o.burst()).isTrue();
        assertThat(o.burstFactor()).isEqualTo(10);
        assertThat(o.burstLength()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.crisisAt()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.effectiveCrisisRate()).isEqualTo(500);
        assertThat(o.exactlyOnce()).isFalse();
        assertThat(o.report()).isEqualTo(Path.of("r.md"));
    }

    @Test
    void givenKafkaPropertiesRepeatedCrisesAndALabel_whenParsed_thenTheyAreTakenAndTheReportIsNamedByDateTimeAndRate() {
        BenchOptions o = BenchOptions.parse(new String[] {"--rate", "20000", "--crisis-at", "60s", "--crisis-length", "5s",
                "--crisis-every", "20s", "--streams-config", "commit.interval.ms=200, statestore.cache.max.bytes=0",
                "--streams-config", "producer.linger.ms=20", "--producer-config", "linger.ms=20", "--label", "new-sentiment",
                "--report-dir", "out"});
        assertThat(o.crisisEvery()).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.streamsConfig()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("commit.interval.ms", "200",
                "statestore.cache.max.bytes", "0", "producer.linger.ms", "20"));
        assertThat(o.producerConfig()).containsExactlyEntriesOf(java.util.Map.of("linger.ms", "20"));
        assertThat(o.reportPath(java.time.Instant.parse("2026-11-27T10:05:00Z")))
                .isEqualTo(Path.of("out", "2026-11-27-1005-r20k-new-sentiment.md"));
        assertThat(BenchOptions.parse(new String[] {"--rate", "12500", "--report-dir", "out"})
                .reportPath(java.time.Instant.parse("2026-11-27T23:59:00Z"))).isEqualTo(Path.of("out", "2026-11-27-2359-r12500.md"));
        assertThat(BenchOptions.parse(new String[] {"--report", "mine.md"}).reportPath(java.time.Instant.now()))
                .isEqualTo(Path.of("mine.md"));
    }

    @Test
    void givenAMalformedPropertyOrARepeatWithoutACrisis_thenTheMessageSaysWhatToFix() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--streams-config", "commit.interval.ms"}))
                .hasMessageContaining("--streams-config").hasMessageContaining("key=value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--producer-config", "=5"}))
                .hasMessageContaining("--producer-config");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--crisis-every", "30s"}))
                .hasMessageContaining("--crisis-every needs --crisis-at");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--crisis-at", "10s", "--crisis-length", "20s", "--crisis-every", "10s"}))
                .hasMessageContaining("longer than --crisis-length");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--label", "a b"})).hasMessageContaining("--label");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--duration", "60s", "--ramp", "60s"}))
                .hasMessageContaining("--ramp").hasMessageContaining("shorter than --duration");
    }

    @Test
    void givenARamp_whenParsed_thenItIsTakenAndTheDefaultIsFullRateFromTheStart() {
        assertThat(BenchOptions.parse(new String[] {"--duration", "330s", "--ramp", "45s"}).ramp())
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(BenchOptions.defaults().ramp()).isZero();
    }

    @Test
    void givenNoOptions_thenAnEmbeddedBrokerExactlyOnceAndACrisisOfTenTimesOneBrandsRate() {
        BenchOptions o = BenchOptions.defaults();
        assertThat(o.bootstrapServers()).isNull();
        assertThat(o.exactlyOnce()).isTrue();
        assertThat(o.burst()).isFalse();
        assertThat(o.effectiveCrisisRate()).isEqualTo(10 * o.rate() / o.brands());
    }

    @Test
    void givenAMistake_thenTheMessageNamesTheOption() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rate", "fast"})).hasMessageContaining("--rate")
                .hasMessageContaining("fast");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--duration", "soon"})).hasMessageContaining("--duration");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--exactly-once", "yes"})).hasMessageContaining("--exactly-once");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--brands", "0"})).hasMessageContaining("--brands");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rate"})).hasMessageContaining("--rate needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--speed", "1"})).hasMessageContaining("unknown option --speed");
    }

    @Test
    void givenBadOptions_whenRun_thenExitCode2AndUsageWithoutAStackTrace() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = LoadBench.run(new String[] {"--rate", "-5"}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(out).contains("--rate must be in").doesNotContain("Exception");
    }
}
