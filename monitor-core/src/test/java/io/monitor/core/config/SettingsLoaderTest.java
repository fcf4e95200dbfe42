package io.monitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    private static final String VALID = """
            kafka:
              bootstrapServers: ""
            brands:
              - id: nordbahn
                name: Nordbahn
                query: 'nordbahn OR #nordbahn'
            detection:
              window: 2m
              advance: 15s
            """;

    @Test
    void theShippedExampleConfigLoads() {
        MonitorSettings s = SettingsLoader.load(Path.of("..", "config", "example.yaml"), Map.of());
        assertThat(s.brands()).extracting(BrandSettings::id).containsExactly("nordbahn", "fjordphone", "kaffeekult");
        assertThat(s.kafka().bootstrapServers()).isNull();
        assertThat(s.ingest().demo().enabled()).isTrue();
    }

    @Test
    void givenShortDurations_whenLoaded_thenTheyParse() {
        MonitorSettings s = SettingsLoader.parse(VALID, Map.of());
        assertThat(s.detection().window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.detection().advance()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void givenNoFile_whenLoaded_thenDefaultsApply() {
        MonitorSettings s = SettingsLoader.load(null, Map.of());
        assertThat(s.api().port()).isEqualTo(8080);
        assertThat(s.kafka().dataDir()).isEqualTo(Path.of("data"));
        assertThat(s.detection().spikeFactor()).isEqualTo(3.0);
    }

    @Test
    void environmentOverridesTheFile() {
        MonitorSettings s = SettingsLoader.parse(VALID, Map.of(
                "MONITOR_KAFKA_BOOTSTRAPSERVERS", "broker-1:9092",
                "MONITOR_API_PORT", "9191",
                "MONITOR_BRANDS_0_QUERY", "\"nord bahn\"",
                "MONITOR_INGEST_DEMO_ENABLED", "false",
                "PATH", "/usr/bin"));
        assertThat(s.kafka().bootstrapServers()).isEqualTo("broker-1:9092");
        assertThat(s.api().port()).isEqualTo(9191);
        assertThat(s.brands().get(0).query()).isEqualTo("\"nord bahn\"");
        assertThat(s.ingest().demo().enabled()).isFalse();
    }

    @Test
    void givenAnEnvironmentVariableThatNamesNoKey_thenStartUpFailsNamingIt() {
        assertThatThrownBy(() -> SettingsLoader.parse(VALID, Map.of("MONITOR_API_PROT", "1")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("MONITOR_API_PROT").hasMessageContaining("names no configuration key");
    }

    @Test
    void theLaunchersOwnVariablesAreNotOverrides() {
        MonitorSettings s = SettingsLoader.parse(VALID, Map.of("MONITOR_CONFIG", "/etc/monitor.yaml",
                "MONITOR_JAVA_OPTS", "-Xmx1g", "MONITOR_TEST_KAFKA", "embedded"));
        assertThat(s.brands()).hasSize(1);
    }

    @Test
    void givenAMissingQuery_thenTheMessageNamesTheKey() {
        assertThatThrownBy(() -> SettingsLoader.parse("brands:\n  - id: a\n    query: x\n  - id: b\n", Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessage("brands[1].query: is required and must not be blank");
    }

    @Test
    void givenAMisspelledKey_thenTheMessageNamesItAndTheKnownKeys() {
        assertThatThrownBy(() -> SettingsLoader.parse("detection:\n  windw: 1m\n", Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("detection.windw: unknown key")
                .hasMessageContaining("window");
    }

    @Test
    void givenAWrongType_thenTheMessageNamesTheKey() {
        assertThatThrownBy(() -> SettingsLoader.parse("api:\n  port: eighty\n", Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("api.port:");
    }

    @Test
    void givenABadDuration_thenTheMessageSaysHowToWriteOne() {
        assertThatThrownBy(() -> SettingsLoader.parse("detection:\n  window: soon\n", Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("detection.window:")
                .hasMessageContaining("30s");
    }

    @Test
    void givenAnOutOfRangeValue_thenTheMessageNamesTheKeyAndTheRange() {
        assertThatThrownBy(() -> SettingsLoader.parse("detection:\n  spikeFactor: 0.5\n", Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("detection.spikeFactor: must be between 1.0 and 1000.0");
    }

    @Test
    void givenDuplicateBrandIds_thenTheSecondIsNamed() {
        assertThatThrownBy(() -> SettingsLoader.parse("brands:\n  - {id: a, query: x}\n  - {id: a, query: y}\n", Map.of()))
                .hasMessage("brands[1].id: 'a' is used by another brand");
    }

    @Test
    void givenABrandIdWithCapitals_thenItIsRejected() {
        assertThatThrownBy(() -> SettingsLoader.parse("brands:\n  - {id: Acme, query: x}\n", Map.of()))
                .hasMessageStartingWith("brands[0].id:");
    }

    @Test
    void givenInvalidYaml_thenTheMessageSaysSo() {
        assertThatThrownBy(() -> SettingsLoader.parse("brands: [\n  - id", Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void givenAMissingFile_thenTheMessageNamesIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> SettingsLoader.load(missing, Map.of()))
                .hasMessageContaining("nope.yaml does not exist");
    }

    @Test
    void givenAnUnknownTokenRole_thenTheKeyIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "api:\n  tokens:\n    - {name: cm, role: boss, tokenEnv: T}\n");
        assertThatThrownBy(() -> SettingsLoader.load(f, Map.of()))
                .hasMessageStartingWith("api.tokens[0].role: 'boss' is not one of");
    }

    @Test
    void anotherPortMovesTheDefaultPublicUrlButKeepsAConfiguredOne() {
        ApiSettings defaulted = ApiSettings.defaults().withPort(9090);
        assertThat(defaulted.publicUrl()).isEqualTo("http://localhost:9090");
        ApiSettings configured = new ApiSettings(null, 8080, "https://monitor.example.org", null, null).withPort(9090);
        assertThat(configured.publicUrl()).isEqualTo("https://monitor.example.org");
        assertThat(configured.port()).isEqualTo(9090);
    }

    @Test
    void theDetectorsHaveDefaultsAndEveryOneCanBeSetFromTheFileOrTheEnvironment() {
        MonitorSettings defaults = SettingsLoader.parse(VALID, Map.of());
        assertThat(defaults.detection().detectors().silence().window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.detection().detectors().highReach().minFollowers()).isEqualTo(100_000L);

        MonitorSettings s = SettingsLoader.parse(VALID + """
                  detectors:
                    negativeShare: {minVolume: 40, minIncrease: 0.25}
                    silence: {window: 30m}
                    emerging: {enabled: false}
                """, Map.of("MONITOR_DETECTION_DETECTORS_HIGHREACH_MINFOLLOWERS", "250000",
                "MONITOR_DETECTION_DETECTORS_SEASONAL_ENABLED", "false"));
        DetectorSettings d = s.detection().detectors();
        assertThat(d.negativeShare().minVolume()).isEqualTo(40);
        assertThat(d.negativeShare().minIncrease()).isEqualTo(0.25);
        assertThat(d.silence().window()).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.emerging().enabled()).isFalse();
        assertThat(d.highReach().minFollowers()).isEqualTo(250_000L);
        assertThat(d.seasonal().enabled()).isFalse();
        assertThat(s.detection().window()).as("the spike rule keeps its own keys").isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void timelineRetentionsDefaultTo7And35DaysFollowALongerStateRetentionAndNameTheirKeyWhenTooShort() {
        DetectionSettings d = SettingsLoader.parse("", Map.of()).detection();
        assertThat(d.timelineRetention5m()).isEqualTo(Duration.ofDays(7));
        assertThat(d.timelineRetention1h()).isEqualTo(Duration.ofDays(35));

        DetectionSettings longer = SettingsLoader.parse("detection:\n  stateRetention: 10d\n", Map.of()).detection();
        assertThat(longer.timelineRetention5m()).as("never shorter than the 1-minute windows").isEqualTo(Duration.ofDays(10));

        DetectionSettings set = SettingsLoader.parse("detection:\n  timelineRetention5m: 3d\n",
                Map.of("MONITOR_DETECTION_TIMELINERETENTION1H", "90d")).detection();
        assertThat(set.timelineRetention5m()).isEqualTo(Duration.ofDays(3));
        assertThat(set.timelineRetention1h()).isEqualTo(Duration.ofDays(90));

        assertThatThrownBy(() -> SettingsLoader.parse("detection:\n  timelineRetention5m: 1h\n", Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("detection.timelineRetention5m: must be at least detection.stateRetention");
        assertThatThrownBy(() -> SettingsLoader.parse("detection:\n  timelineRetention1h: 2d\n", Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("detection.timelineRetention1h: must be at least detection.timelineRetention5m");
    }

    @Test
    void givenAnInvalidDetectorValue_thenTheMessageNamesItsFullKey() {
        assertThatThrownBy(() -> SettingsLoader.parse("detection:\n  detectors:\n    negativeShare: {minIncrease: 2}\n", Map.of()))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("detection.detectors.negativeShare.minIncrease: must be between 0.01 and 1.0");
        assertThatThrownBy(() -> SettingsLoader.parse("detection:\n  detectors:\n    emerging: {minCopies: 1}\n", Map.of()))
                .hasMessageStartingWith("detection.detectors.emerging.minCopies:");
    }

    @Test
    void givenOidc_thenAuthIsOnAndItsMistakesNameTheKey() {
        MonitorSettings s = SettingsLoader.parse("""
                api:
                  oidc:
                    issuer: https://login.example.org/realms/acme
                    audience: monitor
                    rolesClaim: realm_access.roles
                    roleMapping: {cm-team: responder, ops: admin}
                """, Map.of());
        assertThat(s.api().oidc().enabled()).isTrue();
        assertThat(s.api().authEnabled()).isTrue();
        assertThat(s.api().oidc().roleMapping()).containsEntry("ops", "admin");
        assertThat(SettingsLoader.parse(VALID, Map.of()).api().authEnabled()).isFalse();

        assertThatThrownBy(() -> SettingsLoader.parse("api:\n  oidc: {issuer: https://id.example.org}\n", Map.of()))
                .hasMessageStartingWith("api.oidc.audience:");
        assertThatThrownBy(() -> SettingsLoader.parse("api:\n  oidc: {issuer: id.example.org, audience: m}\n", Map.of()))
                .hasMessageStartingWith("api.oidc.issuer:");
        assertThatThrownBy(() -> SettingsLoader.parse(
                "api:\n  oidc: {issuer: https://id.example.org, audience: m, roleMapping: {x: boss}}\n", Map.of()))
                .hasMessageStartingWith("api.oidc.roleMapping.x: 'boss' is not one of");
    }
}
