package io.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.config.KafkaSettings;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/** The static member id and the client settings a streams instance starts with. */
class StreamsServiceConfigTest {
    private static KafkaSettings at(String dir) {
        return KafkaSettings.defaults().withDataDir(Path.of(dir));
    }

    @Test
    void theInstanceIdIsStableForOneStateDirectoryDiffersForTwoAndIsAValidKafkaInstanceId() {
        String a = StreamsService.instanceId(at("/var/lib/monitor/a"), null);
        assertThat(StreamsService.instanceId(at("/var/lib/monitor/a"), null)).isEqualTo(a);
        assertThat(StreamsService.instanceId(at("/var/lib/monitor/b"), null)).isNotEqualTo(a);
        assertThat(a).matches("[A-Za-z0-9._-]+");
    }

    @Test
    void withAnApplicationServerTheIdStartsWithItsHostAndPort() {
        String id = StreamsService.instanceId(at("/data"), new HostInfo("streams-1.monitor.svc", 8080));
        assertThat(id).startsWith("streams-1.monitor.svc-8080-").matches("[A-Za-z0-9._-]+");
    }

    @Test
    void exactlyOnceWithAOneSecondCommitAndASessionTimeoutLongEnoughToRestartIn() {
        Properties p = StreamsService.config(at("/data"), "localhost:9092");
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1000);
        assertThat(p.get("consumer.session.timeout.ms")).isEqualTo(30_000);
        assertThat(p.get("producer.compression.type")).isEqualTo("lz4");
    }
}
