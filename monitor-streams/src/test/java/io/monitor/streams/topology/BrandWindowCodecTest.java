package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.model.Sentiment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The detection-pane store's faster codec keeps the JSON serde's format: the same bytes out for panes built the way
 * the aggregate builds them (and for odd ones: nulls, empty lists, hostile text), the same window back in, from the
 * token-stream reader and from the memo of the last writes (also the same order of its term map), and every other
 * shape read by the serde with its results and errors.
 */
class BrandWindowCodecTest {
    private static final String[] PIECES = {"nordbahn", "kaputt", "straße", "Über", "#chaos", "@x", "https://t.co/a?b=\"c\"",
        "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "\u0000nul", "\u2028", "😀", "\uD800", "é", "2026", "…", "<b>"};

    @Test
    void writesTheSerdesBytesAndReadsThemBackOnTheFastPath() {
        Random r = new Random(8);
        for (int i = 0; i < 3000; i++) {
            BrandWindow w = new BrandWindow();
            int n = r.nextInt(i % 10 == 0 ? 400 : 30);
            for (int k = 0; k < n; k++) {
                Sentiment.Label label = Sentiment.Label.values()[r.nextInt(3)];
                w.add(new BrandMention(label, (r.nextDouble() - 0.5) * 2, r.nextInt(5) == 0 ? r.nextInt(3_000_000) : r.nextInt(900),
                        r.nextInt(100), text(r), r.nextBoolean() ? null : "https://x.example/" + r.nextInt(99),
                        r.nextBoolean() ? "bluesky" : null, r.nextInt(4) == 0 ? null : "a" + r.nextInt(50), r.nextBoolean()));
            }
            if (i % 3 == 0) {
                w.merge(new BrandWindow().add(new BrandMention(Sentiment.Label.NEGATIVE, -0.9, 5, 1, text(r), null)));
            }
            if (i % 17 == 0) {
                w.authors = null; // a pane written before authors existed
            }
            if (i % 19 == 0) {
                w.volume = Long.MAX_VALUE;
                w.sentimentSum = i % 2 == 0 ? Double.MIN_VALUE : -1e300;
            }
            byte[] serde = Topologies.WINDOW_SERDE.toBytes(w);
            assertThat(BrandWindowCodec.write(w)).isEqualTo(serde);
            BrandWindow back = BrandWindowCodec.fast(serde);
            BrandWindow expected = Topologies.WINDOW_SERDE.fromBytes(serde);
            assertThat(back).isNotNull().usingRecursiveComparison().isEqualTo(expected);
            assertThat(new ArrayList<>(back.terms.keySet())).isEqualTo(new ArrayList<>(expected.terms.keySet()));
            // The reads after the write are served by the memo where the window round-trips: the same window.
            BrandWindow remembered = BrandWindowCodec.read(serde);
            assertThat(remembered).usingRecursiveComparison().isEqualTo(expected);
            assertThat(new ArrayList<>(remembered.terms.keySet())).isEqualTo(new ArrayList<>(expected.terms.keySet()));
            remembered.add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 1, 1, "mutated after reading", null));
            assertThat(BrandWindowCodec.read(serde)).usingRecursiveComparison().isEqualTo(expected);
            // What the aggregate does next (add to the read pane) gives the same bytes both ways.
            BrandMention next = new BrandMention(Sentiment.Label.NEGATIVE, -0.7, 10, 0, text(r) + " neuerterm" + i, null);
            assertThat(BrandWindowCodec.write(back.add(next))).isEqualTo(Topologies.WINDOW_SERDE.toBytes(expected.add(next)));
        }
    }

    @Test
    void theMemoServesCopiesOfWindowsThatRoundTripAndOnlyForTheExactBytes() {
        BrandWindow w = new BrandWindow().add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 3, 1, "zug kaputt 😀", null));
        byte[] bytes = BrandWindowCodec.write(w);
        byte[] other = bytes.clone();
        other[other.length - 3]++; // a follower count changed at the end: same prefix, other bytes
        assertThat(BrandWindowCodec.Memo.take(other)).isNull();
        BrandWindow taken = BrandWindowCodec.Memo.take(bytes);
        assertThat(taken).isNotSameAs(w).usingRecursiveComparison().isEqualTo(BrandWindowCodec.fast(bytes));
        taken.add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 3, 1, "read, then changed by its reader", null));
        w.add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 3, 1, "written, then changed by its owner", null));
        assertThat(BrandWindowCodec.Memo.take(bytes)).as("a new copy each read")
                .usingRecursiveComparison().isEqualTo(BrandWindowCodec.fast(bytes));
        BrandWindow lone = new BrandWindow().add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 3, 1, "zug \uD800 kaputt", null));
        assertThat(BrandWindowCodec.Memo.take(BrandWindowCodec.write(lone))).as("not kept: JSON cannot carry it").isNull();
    }

    @Test
    void oddButValidWindowsAreWrittenAsTheSerdeWritesThem() {
        BrandWindow w = new BrandWindow();
        w.samples = null;
        w.terms = null;
        w.authors = null;
        assertThat(BrandWindowCodec.write(w)).isEqualTo(Topologies.WINDOW_SERDE.toBytes(w));
        w.samples = new ArrayList<>(List.of(new BrandWindow.Sample(null, null, -1)));
        w.samples.add(null);
        w.terms = new HashMap<>();
        w.terms.put("x", null);
        w.authors = new ArrayList<>();
        w.authors.add(new BrandWindow.AuthorReach(null, 0));
        w.authors.add(null);
        assertThat(BrandWindowCodec.write(w)).isEqualTo(Topologies.WINDOW_SERDE.toBytes(w));
        byte[] b = Topologies.WINDOW_SERDE.toBytes(w);
        assertThat(BrandWindowCodec.read(b)).usingRecursiveComparison().isEqualTo(Topologies.WINDOW_SERDE.fromBytes(b));
        assertThat(BrandWindowCodec.write(null)).isNull();
    }

    @Test
    void otherShapesAreReadByTheSerdeWithItsResultsAndErrors() {
        for (String in : List.of("{}", "{\"volume\":1}", "{\"volume\":\"2\"}", "{\"volume\":1.5,\"negative\":1}",
                "{\"volume\":1,\"volume\":2}", "{\"volume\":1,\"extra\":{\"a\":[1,2]}}",
                "{\"samples\":[{\"text\":\"a\"}],\"terms\":{\"a\":1,\"a\":3},\"authors\":[]}",
                "{\"volume\":1,\"negative\":0,\"neutral\":1,\"positive\":0,\"sentimentSum\":0,\"reach\":0,\"engagement\":0,"
                        + "\"samples\":[],\"terms\":{\"b\":2,\"a\":1},\"authors\":[]} trailing",
                "{\"volume\":1,\"negative\":0,\"neutral\":1,\"positive\":0,\"sentimentSum\":0,\"reach\":0,\"engagement\":0,"
                        + "\"samples\":[],\"terms\":{\"b\":\"2\"},\"authors\":[]}")) {
            byte[] b = in.getBytes(StandardCharsets.UTF_8);
            assertThat(BrandWindowCodec.read(b)).as(in).usingRecursiveComparison().isEqualTo(Topologies.WINDOW_SERDE.fromBytes(b));
        }
        assertThatThrownBy(() -> BrandWindowCodec.read("{broken".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a valid BrandWindow");
        assertThat(BrandWindowCodec.read(null)).isNull();
    }

    private static String text(Random r) {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]).append(r.nextBoolean() ? " " : r.nextInt(50) + " ");
        }
        return b.toString();
    }
}
