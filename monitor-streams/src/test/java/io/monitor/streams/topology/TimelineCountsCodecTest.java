package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.model.Sentiment;
import io.monitor.core.model.TimelinePoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The timeline stores' codec: format 2 (binary, with the sketches) round-trips exactly, and values of format 1 (the
 * JSON the first timeline stored) are still read, with the same counts as the JSON serde gives.
 */
class TimelineCountsCodecTest {
    private static final Instant T = Instant.parse("2026-11-27T08:00:00Z");

    static TimelineCounts random(Random r, int mentions) {
        TimelineCounts c = new TimelineCounts();
        Sentiment.Label[] labels = Sentiment.Label.values();
        for (int i = 0; i < mentions; i++) {
            List<String> terms = new ArrayList<>();
            for (int t = 0; t < r.nextInt(6); t++) {
                terms.add((r.nextInt(4) == 0 ? "#tag" : "wört") + r.nextInt(60));
            }
            c.add(new BrandMention(labels[r.nextInt(3)], r.nextDouble() * 2 - 1, r.nextInt(100_000), r.nextInt(50), null,
                    null, "bluesky", "user" + r.nextInt(Math.max(1, mentions / 2)), false, terms));
        }
        return c;
    }

    private static TimelinePoint point(TimelineCounts c) {
        return c.point("nordbahn", T, T.plusSeconds(60));
    }

    @Test
    void format2RoundTripsCountsAndSketchesExactly() {
        Random r = new Random(5);
        for (int mentions : new int[]{0, 1, 10, 100, 127, 128, 129, 500, 5_000}) {
            TimelineCounts c = random(r, mentions);
            byte[] bytes = TimelineCountsCodec.write(c);
            assertThat(bytes[0]).isEqualTo(TimelineCountsCodec.FORMAT);
            TimelineCounts back = TimelineCountsCodec.read(bytes);
            assertThat(point(back)).as("%d mentions", mentions).isEqualTo(point(c));
            assertThat(back.authors.isExact()).isEqualTo(c.authors.isExact());
            assertThat(TimelineCountsCodec.write(back)).isEqualTo(bytes);
            // and it keeps aggregating after the round trip as the original does
            BrandMention more = new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 10, 1, "Zug kaputt #stellwerk", null, "x",
                    "late", false);
            assertThat(point(back.add(more))).isEqualTo(point(c.add(more)));
        }
    }

    @Test
    void valuesStoredAsJsonByTheFirstVersionAreStillReadWithTheirCounts() {
        Random r = new Random(6);
        for (int i = 0; i < 2000; i++) {
            long volume = r.nextInt(1_000_000);
            long neutral = i % 7 == 0 ? Long.MAX_VALUE : r.nextInt(1000);
            double sum = i % 5 == 0 ? 0 : (r.nextDouble() - 0.5) * r.nextInt(100_000);
            // exactly the shape the first codec wrote
            String json = String.format(Locale.ROOT, "{\"volume\":%d,\"negative\":%d,\"neutral\":%d,\"positive\":%d,"
                    + "\"sentimentSum\":%s}", volume, r.nextInt(1000), neutral, r.nextInt(1000), Double.toString(sum));
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            TimelineCounts fast = TimelineCountsCodec.read(b);
            TimelineCounts serde = Topologies.TIMELINE_SERDE.fromBytes(b);
            assertThat(point(fast)).isEqualTo(point(serde));
            assertThat(fast.volume).isEqualTo(volume);
            assertThat(fast.neutral).isEqualTo(neutral);
            assertThat(fast.sentimentSum).isEqualTo(sum);
            assertThat(fast.uniqueAuthors()).isZero();
        }
    }

    @Test
    void otherJsonShapesAreReadByTheSerdeWithItsResultsAndErrors() {
        for (String in : List.of("{\"volume\":1}", "{\"volume\":\"2\",\"negative\":1,\"neutral\":0,\"positive\":0,\"sentimentSum\":0}",
                "{\"volume\":1,\"negative\":1,\"neutral\":0,\"positive\":0,\"sentimentSum\":-0.5,\"extra\":true}", "{}",
                " {\"volume\":4,\"negative\":1,\"neutral\":0,\"positive\":0,\"sentimentSum\":-0.5}")) {
            byte[] b = in.getBytes(StandardCharsets.UTF_8);
            assertThat(point(TimelineCountsCodec.read(b))).isEqualTo(point(Topologies.TIMELINE_SERDE.fromBytes(b)));
        }
        assertThatThrownBy(() -> TimelineCountsCodec.read("{broken".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a valid TimelineCounts");
        assertThat(TimelineCountsCodec.read(null)).isNull();
    }

    @Test
    void aDamagedFormat2RecordIsASerializationExceptionSayingWhere() {
        byte[] ok = TimelineCountsCodec.write(random(new Random(9), 50));
        byte[] truncated = java.util.Arrays.copyOf(ok, ok.length - 3);
        assertThatThrownBy(() -> TimelineCountsCodec.read(truncated)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 2").hasMessageContaining("truncated");
        byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 1);
        assertThatThrownBy(() -> TimelineCountsCodec.read(longer)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("1 bytes after the record");
    }

    @Test
    void theMemoServesCopiesOfWhatDecodingGivesAndOnlyForTheExactBytes() {
        Random r = new Random(12);
        BrandMention more = new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 10, 1, "Zug kaputt #stellwerk", null, "x",
                "late", false);
        for (int mentions : new int[]{0, 1, 60, 127, 128, 129, 2_000}) {
            TimelineCounts c = random(r, mentions);
            byte[] bytes = TimelineCountsCodec.write(c);
            TimelineCounts decoded = TimelineCountsCodec.readBinary(bytes);
            TimelineCounts remembered = TimelineCountsCodec.Memo.take(bytes);
            assertThat(remembered).as("%d mentions: written by this thread", mentions).isNotNull();
            assertThat(point(remembered)).isEqualTo(point(decoded));
            assertThat(remembered.encodedSize).isEqualTo(decoded.encodedSize);
            assertThat(TimelineCountsCodec.write(remembered)).isEqualTo(bytes);
            // each read is its own copy: the aggregate mutates what it reads, the writer keeps mutating its value
            remembered.add(more);
            c.add(more);
            TimelineCounts again = TimelineCountsCodec.read(bytes);
            assertThat(point(again)).isEqualTo(point(decoded));
            assertThat(point(again.add(more))).isEqualTo(point(decoded.add(more)));
            assertThat(TimelineCountsCodec.write(again)).isEqualTo(TimelineCountsCodec.write(decoded));
            // other bytes are not served: a changed count, a changed byte in the middle (same length and ends)
            byte[] other = bytes.clone();
            other[1] ^= 0x01; // the volume
            assertThat(TimelineCountsCodec.Memo.take(other)).isNull();
            byte[] middle = bytes.clone();
            middle[bytes.length / 2] ^= 0x01;
            assertThat(TimelineCountsCodec.Memo.take(middle)).isNull();
        }
    }

    @Test
    void aValueWrittenByAnotherThreadIsDecoded() throws Exception {
        TimelineCounts c = random(new Random(13), 300);
        byte[] bytes = TimelineCountsCodec.write(c);
        TimelineCounts[] read = new TimelineCounts[2];
        Thread t = new Thread(() -> {
            read[0] = TimelineCountsCodec.Memo.take(bytes);
            read[1] = TimelineCountsCodec.read(bytes);
        });
        t.start();
        t.join();
        assertThat(read[0]).isNull();
        assertThat(point(read[1])).isEqualTo(point(c));
        assertThat(TimelineCountsCodec.write(read[1])).isEqualTo(bytes);
    }

    @Test
    void hostileKeysAndHugeCountsReadBackTheSameFromTheMemoAndFromTheBytes() {
        TimelineCounts c = new TimelineCounts();
        String[] odd = {"😀", "\uD800", "\uDC00x", "", "\u0000", "straße", "中文", "x".repeat(300)};
        for (int i = 0; i < 200; i++) {
            String a = odd[i % odd.length];
            c.add(new BrandMention(Sentiment.Label.values()[i % 3], -0.25, i % 7 == 0 ? Long.MAX_VALUE / 4 : i, i, null, null,
                    i % 2 == 0 ? null : "bluesky", a + i % 5, false, List.of(a.isEmpty() ? "leer" : a, "#" + a + "x")));
        }
        c.reach = Long.MAX_VALUE;
        c.engagement = -1;
        byte[] bytes = TimelineCountsCodec.write(c);
        TimelineCounts decoded = TimelineCountsCodec.readBinary(bytes);
        TimelineCounts remembered = TimelineCountsCodec.read(bytes);
        assertThat(point(remembered)).isEqualTo(point(decoded));
        assertThat(decoded.reach).isEqualTo(Long.MAX_VALUE);
        assertThat(decoded.engagement).isEqualTo(-1);
        assertThat(TimelineCountsCodec.write(decoded)).isEqualTo(bytes);
        assertThat(TimelineCountsCodec.write(remembered)).isEqualTo(bytes);
    }
}
