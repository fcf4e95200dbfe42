package io.monitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DemoSettings;
import io.monitor.core.config.IngestSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.config.SourceSettings;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestServiceTest {
    static final List<BrandSettings> BRANDS = List.of(new BrandSettings("nordbahn", "Nordbahn", "nordbahn",
            List.of("nordbahn")));

    static MonitorSettings settings(boolean demo, SourceSettings... sources) {
        return new MonitorSettings(null, BRANDS, new IngestSettings(new DemoSettings(demo, null, null, null, null,
                null, null), List.of(sources)), null, null, null, null);
    }

    @Test
    void anUnknownSourceTypeIsASettingsErrorNamingTheKey_beforeAnythingStarts() {
        MonitorSettings s = settings(true, new SourceSettings("hn", "hackernews", true, null, null, null, null, null),
                new SourceSettings("odd", "myspace", true, null, null, null, null, null));
        // no broker is given on purpose: the error must come before any connection attempt
        assertThatThrownBy(() -> IngestService.start(s, "127.0.0.1:1"))
                .isInstanceOfSatisfying(SettingsException.class, e -> {
                    assertThat(e.key()).isEqualTo("ingest.sources[1].type");
                    assertThat(e.getMessage()).contains("myspace").contains("hackernews");
                });
    }

    @Test
    void disabledSourcesAreSkippedAndTheDemoRunsWhenEnabled() {
        MonitorSettings s = settings(true, new SourceSettings("later", "myspace", false, null, null, null, null, null),
                new SourceSettings("hn", "hackernews", true, null, null, null, null, Map.of("queries", "nordbahn")));
        assertThat(IngestService.connectors(s, Clock.systemUTC())).extracting(Connector::id)
                .containsExactly("demo", "hn");
        assertThat(IngestService.connectors(settings(false), Clock.systemUTC())).isEmpty();
    }
}
