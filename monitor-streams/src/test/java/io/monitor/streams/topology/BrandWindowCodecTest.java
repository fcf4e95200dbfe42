package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.model.Sentiment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The detection-pane store's codec: what it writes (format 2, binary, or the JSON serde's bytes for a window the JSON
 * round trip would change) reads back as exactly the window the JSON serde's round trip gives, from the decoder and
 * from the memo of the last writes (also the order of its term map), for panes built the way the aggregate builds
 * them and for hostile ones (unpaired surrogates, emoji, NUL, empty and null fields, extreme counts); values stored
 * as JSON by earlier versions are read with the serde's results and errors; a damaged format-2 record is a
 * {@link SerializationException}, never a wrong window.
 */
class BrandWindowCodecTest {
    private static final String[] PIECES = {"nordbahn", "kaputt", "straße", "Über", "#chaos", "@x", "https://t.co/a?b=\"c\"",
        "\"quoted\"", "back\\slash", "tab\there", "line\nbreak", "\u0000nul", "\u2028", "😀", "\uD800", "é", "2026", "…", "<b>",
        "\uDC00x", "中文", "", "\uFEFF", "\uFFFF"};

    /** The window the JSON store gave back for {@code w}: what every read of the codec must give. */
    private static BrandWindow jsonRoundTrip(BrandWindow w) {
        return Topologies.WINDOW_SERDE.fromBytes(Topologies.WINDOW_SERDE.toBytes(w));
    }

    private static void assertSameWindow(BrandWindow actual, BrandWindow expected) {
        assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        assertThat(actual.terms == null ? null : new ArrayList<>(actual.terms.keySet()))
                .isEqualTo(expected.terms == null ? null : new ArrayList<>(expected.terms.keySet()));
        if (actual.terms != null) {
            assertThat(actual.terms).isInstanceOf(LinkedHashMap.class);
        }
    }

    @Test
    void writesFormat2ThatReadsBackAsTheJsonRoundTripGivesAndJsonWhereThatRoundTripChangesTheWindow() {
        Random r = new Random(8);
        int binary = 0;
        int json = 0;
        for (int i = 0; i < 1000; i++) {
            BrandWindow w = randomWindow(r, i);
            BrandWindow expected = jsonRoundTrip(w);
            byte[] bytes = BrandWindowCodec.write(w);
            if (BrandWindowCodec.Memo.roundTrips(w)) {
                binary++;
                assertThat(bytes[0]).isEqualTo(BrandWindowCodec.FORMAT);
                assertSameWindow(BrandWindowCodec.readBinary(bytes), expected);
            } else {
                json++;
                assertThat(bytes).isEqualTo(Topologies.WINDOW_SERDE.toBytes(w));
            }
            // The reads after the write (from the memo where it keeps the window): the same window, a new copy each.
            BrandWindow read = BrandWindowCodec.read(bytes);
            assertSameWindow(read, expected);
            read.add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 1, 1, "mutated after reading", null));
            assertSameWindow(BrandWindowCodec.read(bytes), expected);
            // What the aggregate does next (add to the read pane, write, read) gives what the JSON store gave.
            BrandMention next = new BrandMention(Sentiment.Label.NEGATIVE, -0.7, 10, 0, text(r) + " neuerterm" + i, null,
                    "bluesky", "a" + r.nextInt(9), false);
            BrandWindow again = BrandWindowCodec.read(BrandWindowCodec.write(BrandWindowCodec.read(bytes).add(next)));
            assertSameWindow(again, jsonRoundTrip(expected.add(next)));
        }
        assertThat(binary).as("windows written in format 2").isGreaterThan(150);
        assertThat(json).as("windows written as JSON (unpaired surrogates, non-finite sums)").isGreaterThan(150);
    }

    @Test
    void hostileValuesRoundTripExactly() {
        BrandWindow w = new BrandWindow();
        w.volume = Long.MAX_VALUE;
        w.negative = Long.MIN_VALUE;
        w.neutral = -1;
        w.positive = 0;
        w.sentimentSum = -0.0;
        w.reach = Long.MAX_VALUE - 1;
        w.engagement = 1L << 62;
        w.samples = new ArrayList<>(List.of(new BrandWindow.Sample(null, null, -1), new BrandWindow.Sample("", "", Long.MIN_VALUE),
                new BrandWindow.Sample("😀 \u0000 \u2028 \uFEFF \uFFFF ✓ straße 中文", "https://x.example/ä?q=\"1\"", 3)));
        w.terms = new HashMap<>();
        w.terms.put("", 0L);
        w.terms.put("😀😀", Long.MAX_VALUE);
        w.terms.put("\u0000", -5L);
        w.terms.put("x".repeat(40_000), 1L); // a length of three varint bytes
        w.authors = new ArrayList<>(List.of(new BrandWindow.AuthorReach(null, 0), new BrandWindow.AuthorReach("", -2)));
        for (double sum : new double[] {-0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e-300, 0.1 + 0.2}) {
            w.sentimentSum = sum;
            byte[] bytes = BrandWindowCodec.write(w);
            assertThat(bytes[0]).isEqualTo(BrandWindowCodec.FORMAT);
            assertSameWindow(BrandWindowCodec.readBinary(bytes), jsonRoundTrip(w));
            assertThat(Double.doubleToRawLongBits(BrandWindowCodec.readBinary(bytes).sentimentSum))
                    .isEqualTo(Double.doubleToRawLongBits(sum));
        }
        w.authors = null; // a pane written before authors existed
        w.terms = new HashMap<>();
        w.samples = new ArrayList<>();
        assertSameWindow(BrandWindowCodec.readBinary(BrandWindowCodec.write(w)), jsonRoundTrip(w));
        assertThat(BrandWindowCodec.readBinary(BrandWindowCodec.write(w)).authors).isNull();
    }

    @Test
    void windowsTheJsonRoundTripChangesAreStoredAsJsonAndReadAsTheSerdeReadsThem() {
        for (String text : List.of("zug \uD800 kaputt", "\uDC00", "kaputt \uD83D")) {
            BrandWindow w = new BrandWindow().add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 3, 1, text, null));
            byte[] bytes = BrandWindowCodec.write(w);
            assertThat(bytes).isEqualTo(Topologies.WINDOW_SERDE.toBytes(w));
            assertSameWindow(BrandWindowCodec.read(bytes), jsonRoundTrip(w));
        }
        BrandWindow nan = new BrandWindow();
        nan.sentimentSum = Double.NaN;
        assertThat(BrandWindowCodec.write(nan)).isEqualTo(Topologies.WINDOW_SERDE.toBytes(nan));
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
        byte[] b = BrandWindowCodec.write(w);
        assertThat(b).isEqualTo(Topologies.WINDOW_SERDE.toBytes(w));
        assertThat(BrandWindowCodec.read(b)).usingRecursiveComparison().isEqualTo(Topologies.WINDOW_SERDE.fromBytes(b));
        assertThat(BrandWindowCodec.write(null)).isNull();
    }

    @Test
    void theMemoServesCopiesOfTheWindowsWrittenAndOnlyForTheExactBytes() {
        BrandWindow w = new BrandWindow().add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 3, 1, "zug kaputt 😀", null));
        byte[] bytes = BrandWindowCodec.write(w);
        byte[] other = bytes.clone();
        other[other.length - 6]++; // a follower count changed at the end: same prefix, other bytes
        assertThat(BrandWindowCodec.Memo.take(other)).isNull();
        BrandWindow taken = BrandWindowCodec.Memo.take(bytes);
        assertThat(taken).isNotSameAs(w).usingRecursiveComparison().isEqualTo(BrandWindowCodec.readBinary(bytes));
        taken.add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 3, 1, "read, then changed by its reader", null));
        w.add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 3, 1, "written, then changed by its owner", null));
        assertThat(BrandWindowCodec.Memo.take(bytes)).as("a new copy each read")
                .usingRecursiveComparison().isEqualTo(BrandWindowCodec.readBinary(bytes));
        BrandWindow lone = new BrandWindow().add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 3, 1, "zug \uD800 kaputt", null));
        assertThat(BrandWindowCodec.Memo.take(BrandWindowCodec.write(lone))).as("not kept: stored as JSON").isNull();
    }

    @Test
    void otherJsonShapesAreReadByTheSerdeWithItsResultsAndErrors() {
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

    @Test
    void panesStoredAsJsonByAnEarlierVersionAreReadAndTheNextWriteIsFormat2() {
        Random r = new Random(3);
        for (int i = 0; i < 300; i++) {
            BrandWindow w = randomWindow(r, i);
            byte[] old = Topologies.WINDOW_SERDE.toBytes(w);
            BrandWindow read = BrandWindowCodec.read(old);
            assertSameWindow(read, jsonRoundTrip(w));
            BrandMention next = new BrandMention(Sentiment.Label.NEGATIVE, -0.7, 10, 0, "weiche kaputt", null);
            byte[] now = BrandWindowCodec.write(read.add(next));
            assertSameWindow(BrandWindowCodec.read(now), jsonRoundTrip(jsonRoundTrip(w).add(next)));
        }
    }

    @Test
    void aDamagedFormat2RecordIsASerializationExceptionNeverAWrongWindow() {
        BrandWindow w = new BrandWindow().add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 1234, 1,
                "Weiche kaputt 😀 #stellwerk", "https://x.example/1", "bluesky", "anna", false));
        byte[] ok = BrandWindowCodec.write(w);
        assertThat(ok[0]).isEqualTo(BrandWindowCodec.FORMAT);
        for (int len = 0; len < ok.length; len++) {
            byte[] cut = Arrays.copyOf(ok, len);
            if (len == 0) {
                assertThatThrownBy(() -> BrandWindowCodec.read(cut)).isInstanceOf(SerializationException.class);
                continue;
            }
            assertThatThrownBy(() -> BrandWindowCodec.read(cut)).as("cut to %d bytes", len)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("BrandWindow");
        }
        assertThatThrownBy(() -> BrandWindowCodec.read(Arrays.copyOf(ok, ok.length + 1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format 2");
        for (int i = 1; i < ok.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = ok.clone();
                flipped[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> BrandWindowCodec.read(flipped)).as("byte %d bit %d", i, bit)
                        .isInstanceOf(SerializationException.class).hasMessageContaining("checksum");
            }
        }
        // Structurally broken with a matching checksum (as a buggy writer would make): a clear error too.
        byte[] body = Arrays.copyOf(ok, ok.length - 4);
        byte[] longCount = withCrc(concat(Arrays.copyOf(body, body.length), new byte[] {5}));
        assertThatThrownBy(() -> BrandWindowCodec.read(longCount)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 2");
        byte[] hugeString = withCrc(new byte[] {BrandWindowCodec.FORMAT, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
                (byte) 0xFF, (byte) 0xFF, 0x7F});
        assertThatThrownBy(() -> BrandWindowCodec.read(hugeString)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("format 2");
        byte[] repeatedTerm = withCrc(new byte[] {BrandWindowCodec.FORMAT, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                2, 2, 'a', 1, 2, 'a', 1, 0});
        assertThatThrownBy(() -> BrandWindowCodec.read(repeatedTerm)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("repeated");
        byte[] fine = withCrc(new byte[] {BrandWindowCodec.FORMAT, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                2, 2, 'a', 1, 2, 'b', 1, 0});
        assertThat(BrandWindowCodec.read(fine).terms).containsExactly(java.util.Map.entry("a", 1L), java.util.Map.entry("b", 1L));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] withCrc(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        int v = (int) crc.getValue();
        return concat(body, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    private static BrandWindow randomWindow(Random r, int i) {
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
        if (i % 23 == 0) {
            w.sentimentSum = Double.POSITIVE_INFINITY;
        }
        return w;
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
