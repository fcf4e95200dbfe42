package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The timeline store's faster codec keeps the JSON serde's format: same bytes out, same counts in. */
class TimelineCountsCodecTest {
    @Test
    void writesTheSerdesBytesAndReadsThemBackOnTheFastPath() {
        Random r = new Random(5);
        for (int i = 0; i < 5000; i++) {
            TimelineCounts c = new TimelineCounts();
            c.volume = r.nextInt(1_000_000);
            c.negative = r.nextInt(1000);
            c.neutral = i % 7 == 0 ? Long.MAX_VALUE : r.nextInt(1000);
            c.positive = r.nextInt(1000);
            c.sentimentSum = i % 5 == 0 ? 0 : (r.nextDouble() - 0.5) * r.nextInt(100_000);
            byte[] serde = Topologies.TIMELINE_SERDE.toBytes(c);
            assertThat(TimelineCountsCodec.write(c)).isEqualTo(serde);
            TimelineCounts back = TimelineCountsCodec.fast(serde);
            assertThat(back).isNotNull().usingRecursiveComparison().isEqualTo(Topologies.TIMELINE_SERDE.fromBytes(serde));
        }
    }

    @Test
    void otherShapesAreReadByTheSerdeWithItsResultsAndErrors() {
        for (String in : List.of("{\"volume\":1}", "{\"volume\":\"2\",\"negative\":1,\"neutral\":0,\"positive\":0,\"sentimentSum\":0}",
                "{\"volume\":1,\"negative\":1,\"neutral\":0,\"positive\":0,\"sentimentSum\":-0.5,\"extra\":true}", "{}")) {
            byte[] b = in.getBytes(StandardCharsets.UTF_8);
            assertThat(TimelineCountsCodec.read(b)).usingRecursiveComparison().isEqualTo(Topologies.TIMELINE_SERDE.fromBytes(b));
        }
        assertThatThrownBy(() -> TimelineCountsCodec.read("{broken".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a valid TimelineCounts");
        assertThat(TimelineCountsCodec.read(null)).isNull();
    }
}
