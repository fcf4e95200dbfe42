package io.monitor.api.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.config.ChannelSettings;
import io.monitor.core.model.ChannelDefinition;
import io.monitor.core.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChannelCatalogTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final ChannelSettings SLACK = new ChannelSettings("cm-slack", "slack", "SLACK_URL", null, Map.of());
    private static final ChannelSettings PAGER = new ChannelSettings("oncall", "pagerduty", "PD_KEY", Severity.CRITICAL,
            Map.of());

    @Test
    void theConfigChannelsAreOverlaidByRunTimeChangesAndADeletionRemovesAConfigChannelToo() {
        ChannelCatalog c = new ChannelCatalog(List.of(SLACK));
        AtomicInteger changes = new AtomicInteger();
        c.onChanged(changes::incrementAndGet);
        assertThat(c.list()).extracting(ChannelCatalog.Entry::source).containsExactly(ChannelCatalog.CONFIG);

        ChannelSettings quieter = new ChannelSettings("cm-slack", "slack", "SLACK_URL", Severity.CRITICAL, Map.of());
        assertThat(c.apply(ChannelDefinition.of(PAGER, "ops", NOW), 0)).isTrue();
        assertThat(c.apply(ChannelDefinition.of(quieter, "ops", NOW), 1)).isTrue();
        assertThat(c.effective()).containsExactly(quieter, PAGER); // config order first, then new ones by id
        assertThat(c.get("cm-slack").orElseThrow().source()).isEqualTo(ChannelCatalog.API);
        assertThat(c.get("cm-slack").orElseThrow().updatedBy()).isEqualTo("ops");

        assertThat(c.apply(ChannelDefinition.deletion("cm-slack", "ops", NOW), 2)).isTrue();
        assertThat(c.contains("cm-slack")).isFalse();
        assertThat(c.effective()).containsExactly(PAGER);
        assertThat(changes).hasValue(3);
    }

    @Test
    void anOlderOrRepeatedRecordChangesNothingAndATombstoneBringsTheConfigChannelBack() {
        ChannelCatalog c = new ChannelCatalog(List.of(SLACK));
        AtomicInteger changes = new AtomicInteger();
        c.onChanged(changes::incrementAndGet);
        assertThat(c.apply(ChannelDefinition.deletion("cm-slack", "ops", NOW), 5)).isTrue();
        // The feed reads this server's own write back (same offset), then an older change: both ignored.
        assertThat(c.apply(ChannelDefinition.deletion("cm-slack", "ops", NOW), 5)).isFalse();
        assertThat(c.apply(ChannelDefinition.of(SLACK, "ops", NOW), 4)).isFalse();
        assertThat(c.contains("cm-slack")).isFalse();
        assertThat(changes).hasValue(1);

        assertThat(c.revert("cm-slack", 6)).isTrue();
        assertThat(c.get("cm-slack").orElseThrow().source()).isEqualTo(ChannelCatalog.CONFIG);
        assertThat(changes).hasValue(2);
    }
}
