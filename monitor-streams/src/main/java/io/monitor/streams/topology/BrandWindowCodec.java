package io.monitor.streams.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.monitor.core.json.Json;
import io.monitor.core.json.JsonSerde;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The detection-pane store's value serde. The pane aggregate reads and writes its {@link BrandWindow} once per
 * mention, and the pane of a brand with negative mentions holds a hundred terms, three samples and three authors:
 * as JSON (2-4 KB) writing it with data binding took about 6 µs per mention. So panes are written in format 2, a
 * compact binary record (no field names, varints, UTF-8 strings) closed by a CRC-32C of everything before it:
 * <pre>
 *  0x02 | varlong volume, negative, neutral, positive | 8-byte sentimentSum | varlong reach, engagement
 *       | samples: varint n, n × (string text, string url, varlong followers)
 *       | terms: varint n, n × (string term, varlong count), in the map's iteration order
 *       | authors: varint n + 1 (0: null), n × (string author, varlong followers)
 *       | 4-byte CRC-32C of the bytes before it
 *  string: varint UTF-8 length + 1 (0: null), bytes
 * </pre>
 * Format 1 is the JSON of {@link Topologies#WINDOW_SERDE} (an object: it starts with '{', never with 0x02), still
 * read (a store written by an earlier version keeps working) and still written for the rare window whose values the
 * JSON round trip changes (non-finite sums, null entries, unpaired surrogates): such a window is stored as JSON, so
 * what is read back is exactly what the JSON store gave, and every output stays the same. Reads are served from a
 * {@link Memo} of what this thread just wrote or else decoded. An earlier version cannot read format 2: going back
 * needs the pane store reset.
 *
 * <p>How it stays identical: a format-2 window reads back as the very window written, which for the windows that
 * are written in it is what the JSON round trip gave (longs and finite doubles exactly, strings without unpaired
 * surrogates exactly, the terms as a {@code LinkedHashMap} in the written order, lists as {@code ArrayList}s, as data
 * binding builds them); the JSON reader takes a fast path only for input of exactly data binding's shape (each field
 * once, numbers as the types data binding accepts without coercion) and leaves anything else to {@code WINDOW_SERDE}
 * itself ({@code BrandWindowCodecTest}). A damaged format-2 record (cut short, longer, any changed byte) fails its
 * checksum or its structure: a {@link SerializationException} saying so, never a wrong window.
 */
final class BrandWindowCodec {
    static final byte FORMAT = 2;
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    static final Serde<BrandWindow> SERDE = Serdes.serdeFrom((Serializer<BrandWindow>) (topic, v) -> write(v),
            (Deserializer<BrandWindow>) (topic, data) -> read(data));

    private BrandWindowCodec() {
    }

    /** Format 2 for a window that survives the JSON round trip unchanged (all the aggregate builds), else JSON. */
    static byte[] write(BrandWindow w) {
        if (w == null) {
            return null;
        }
        byte[] bytes = binary(w);
        if (bytes == null) {
            return Topologies.WINDOW_SERDE.toBytes(w);
        }
        Memo.remember(bytes, w);
        return bytes;
    }

    static BrandWindow read(byte[] data) {
        if (data == null) {
            return null;
        }
        BrandWindow known = Memo.take(data);
        if (known != null) {
            return known;
        }
        if (data.length > 0 && data[0] == FORMAT) {
            return readBinary(data);
        }
        BrandWindow fast = data.length <= JsonSerde.MAX_BYTES ? fast(data) : null;
        return fast != null ? fast : Topologies.WINDOW_SERDE.fromBytes(data);
    }

    /**
     * Format 2, or null for a window the JSON round trip changes ({@link Memo#roundTrips} is false: a non-finite
     * sum, null lists or entries, unpaired surrogates), which is stored as JSON instead.
     */
    static byte[] binary(BrandWindow w) {
        if (!Double.isFinite(w.sentimentSum) || w.samples == null || w.terms == null) {
            return null;
        }
        ByteOut out = new ByteOut(256 + 24 * w.terms.size() + 240 * w.samples.size());
        out.b(FORMAT);
        out.varlong(w.volume);
        out.varlong(w.negative);
        out.varlong(w.neutral);
        out.varlong(w.positive);
        out.fixed64(Double.doubleToRawLongBits(w.sentimentSum));
        out.varlong(w.reach);
        out.varlong(w.engagement);
        out.varlong(w.samples.size());
        for (BrandWindow.Sample s : w.samples) {
            if (s == null || !out.string(s.text()) || !out.string(s.url())) {
                return null;
            }
            out.varlong(s.followers());
        }
        out.varlong(w.terms.size());
        for (Map.Entry<String, Long> e : w.terms.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || !out.string(e.getKey())) {
                return null;
            }
            out.varlong(e.getValue());
        }
        if (w.authors == null) {
            out.varlong(0);
        } else {
            out.varlong(w.authors.size() + 1L);
            for (BrandWindow.AuthorReach a : w.authors) {
                if (a == null || !out.string(a.author())) {
                    return null;
                }
                out.varlong(a.followers());
            }
        }
        out.crc();
        return out.toByteArray();
    }

    /** Decodes format 2 (no memo). */
    static BrandWindow readBinary(byte[] data) {
        try {
            if (data.length < 5) {
                throw new IllegalArgumentException("truncated: " + data.length + " bytes");
            }
            CRC32C crc = new CRC32C();
            crc.update(data, 0, data.length - 4);
            int end = data.length - 4;
            int stored = ((data[end] & 0xFF) << 24) | ((data[end + 1] & 0xFF) << 16) | ((data[end + 2] & 0xFF) << 8)
                    | (data[end + 3] & 0xFF);
            if ((int) crc.getValue() != stored) {
                throw new IllegalArgumentException("checksum mismatch (damaged, cut short or extended)");
            }
            ByteIn in = new ByteIn(data, 1, end);
            BrandWindow w = new BrandWindow();
            w.volume = in.varlong();
            w.negative = in.varlong();
            w.neutral = in.varlong();
            w.positive = in.varlong();
            w.sentimentSum = Double.longBitsToDouble(in.fixed64());
            w.reach = in.varlong();
            w.engagement = in.varlong();
            int n = in.count();
            List<BrandWindow.Sample> samples = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                samples.add(new BrandWindow.Sample(in.string(), in.string(), in.varlong()));
            }
            w.samples = samples;
            n = in.count();
            Map<String, Long> terms = new LinkedHashMap<>(); // what data binding builds for the JSON's Map
            for (int i = 0; i < n; i++) {
                String term = in.string();
                if (term == null || terms.put(term, in.varlong()) != null) {
                    throw new IllegalArgumentException("term " + i + " is null or repeated");
                }
            }
            w.terms = terms;
            n = in.count();
            if (n == 0) {
                w.authors = null;
            } else {
                List<BrandWindow.AuthorReach> authors = new ArrayList<>(n - 1);
                for (int i = 1; i < n; i++) {
                    authors.add(new BrandWindow.AuthorReach(in.string(), in.varlong()));
                }
                w.authors = authors;
            }
            if (in.pos() != end) {
                throw new IllegalArgumentException((end - in.pos()) + " bytes after the record");
            }
            return w;
        } catch (RuntimeException e) {
            throw new SerializationException("not a valid BrandWindow record (format 2): " + e.getMessage(), e);
        }
    }

    /**
     * The panes this thread wrote last, by their bytes: the aggregate reads a pane back with the brand's next
     * mention, and a copy of the window it wrote, taken when writing, is what decoding those bytes gives, at a
     * third of the cost (a record cache flush and the aggregate both read a pane back). A pure cache of the function
     * bytes → window: a hit needs the very same bytes (compared in full), each read gets its own copy (the aggregate
     * mutates what it reads), and the store stays the only state, so nothing here can be lost or counted twice in a
     * crash. Only format-2 windows are kept (their every value survives the round trip unchanged: finite numbers,
     * no null entries, no unpaired surrogates); the copy keeps the iteration order of the terms, which is the written
     * order, as decoding builds it.
     */
    static final class Memo {
        private static final int ENTRIES = 256;
        private static final ThreadLocal<Map<Long, Entry>> PANES = ThreadLocal.withInitial(() ->
                new LinkedHashMap<>(ENTRIES * 2, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                        return size() > ENTRIES;
                    }
                });

        /**
         * The window as written, in arrays: taking it apart costs less than copying its term map (a hash map
         * entry per term), and building the reader's copy from it as much as that copy did.
         */
        private record Entry(byte[] bytes, long volume, long negative, long neutral, long positive, double sentimentSum,
                             long reach, long engagement, BrandWindow.Sample[] samples, String[] terms, long[] counts,
                             BrandWindow.AuthorReach[] authors) {
        }

        private Memo() {
        }

        /** Remembers {@code w} as written to {@code bytes} in format 2. */
        static void remember(byte[] bytes, BrandWindow w) {
            int n = w.terms.size();
            String[] terms = new String[n];
            long[] counts = new long[n];
            int i = 0;
            for (Map.Entry<String, Long> e : w.terms.entrySet()) {
                terms[i] = e.getKey();
                counts[i++] = e.getValue();
            }
            // samples and authors are immutable records: the arrays are the copies
            PANES.get().put(key(bytes), new Entry(bytes.clone(), w.volume, w.negative, w.neutral, w.positive,
                    w.sentimentSum, w.reach, w.engagement, w.samples.toArray(new BrandWindow.Sample[0]), terms, counts,
                    w.authors == null ? null : w.authors.toArray(new BrandWindow.AuthorReach[0])));
        }

        /** A copy of the window written as {@code bytes} by this thread; null if unknown. */
        static BrandWindow take(byte[] bytes) {
            Entry e = PANES.get().get(key(bytes));
            if (e == null || !Arrays.equals(e.bytes, bytes)) {
                return null;
            }
            BrandWindow c = new BrandWindow();
            c.volume = e.volume;
            c.negative = e.negative;
            c.neutral = e.neutral;
            c.positive = e.positive;
            c.sentimentSum = e.sentimentSum;
            c.reach = e.reach;
            c.engagement = e.engagement;
            c.samples = new ArrayList<>(Arrays.asList(e.samples));
            Map<String, Long> terms = new LinkedHashMap<>(Math.max(16, (int) (e.terms.length / 0.75f) + 1));
            for (int i = 0; i < e.terms.length; i++) {
                terms.put(e.terms[i], e.counts[i]); // in the written order, as decoding builds it
            }
            c.terms = terms;
            c.authors = e.authors == null ? null : new ArrayList<>(Arrays.asList(e.authors));
            return c;
        }

        /** Length and the last four bytes: a format-2 record ends with the checksum of all the others. */
        private static long key(byte[] b) {
            int last = 0;
            for (int i = Math.max(0, b.length - 4); i < b.length; i++) {
                last = (last << 8) | (b[i] & 0xFF);
            }
            return ((long) b.length << 32) | (last & 0xFFFFFFFFL);
        }

        /**
         * Whether every value of {@code w} survives the JSON round trip unchanged: the windows {@link #binary}
         * writes in format 2 (it checks the same as it goes; {@code BrandWindowCodecTest} checks that both agree).
         */
        static boolean roundTrips(BrandWindow w) {
            if (!Double.isFinite(w.sentimentSum) || w.samples == null || w.terms == null) {
                return false;
            }
            for (BrandWindow.Sample s : w.samples) {
                if (s == null || !plain(s.text()) || !plain(s.url())) {
                    return false;
                }
            }
            for (Map.Entry<String, Long> e : w.terms.entrySet()) {
                if (e.getKey() == null || e.getValue() == null || !plain(e.getKey())) {
                    return false;
                }
            }
            if (w.authors != null) {
                for (BrandWindow.AuthorReach a : w.authors) {
                    if (a == null || !plain(a.author())) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Null or text without unpaired surrogates (which JSON cannot carry unchanged). */
        static boolean plain(String s) {
            if (s == null) {
                return true;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        i++;
                    } else {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    /** Thrown inside the fast path for input it leaves to data binding (no stack trace: it is control flow). */
    private static final class Unusual extends Exception {
        static final Unusual INSTANCE = new Unusual();

        private Unusual() {
            super(null, null, false, false);
        }
    }

    /** The window as written by {@link #write}; null for anything else (data binding decides). */
    static BrandWindow fast(byte[] data) {
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            BrandWindow w = new BrandWindow();
            int seen = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                int bit = switch (name) {
                    case "volume" -> 1;
                    case "negative" -> 1 << 1;
                    case "neutral" -> 1 << 2;
                    case "positive" -> 1 << 3;
                    case "sentimentSum" -> 1 << 4;
                    case "reach" -> 1 << 5;
                    case "engagement" -> 1 << 6;
                    case "samples" -> 1 << 7;
                    case "terms" -> 1 << 8;
                    case "authors" -> 1 << 9;
                    default -> 0;
                };
                if (bit == 0 || (seen & bit) != 0) {
                    return null; // an unknown or repeated field: data binding's rules
                }
                seen |= bit;
                switch (name) {
                    case "volume" -> w.volume = longValue(p, v);
                    case "negative" -> w.negative = longValue(p, v);
                    case "neutral" -> w.neutral = longValue(p, v);
                    case "positive" -> w.positive = longValue(p, v);
                    case "sentimentSum" -> {
                        if (v != JsonToken.VALUE_NUMBER_FLOAT && v != JsonToken.VALUE_NUMBER_INT) {
                            return null;
                        }
                        w.sentimentSum = p.getDoubleValue();
                    }
                    case "reach" -> w.reach = longValue(p, v);
                    case "engagement" -> w.engagement = longValue(p, v);
                    case "samples" -> w.samples = samples(p, v);
                    case "terms" -> w.terms = terms(p, v);
                    default -> w.authors = authors(p, v);
                }
            }
            if (t != JsonToken.END_OBJECT || seen != (1 << 10) - 1 || p.nextToken() != null) {
                return null;
            }
            return w;
        } catch (Unusual | IOException | RuntimeException e) {
            return null;
        }
    }

    private static long longValue(JsonParser p, JsonToken v) throws IOException, Unusual {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType nt = p.getNumberType();
            if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
                return p.getLongValue();
            }
        }
        throw Unusual.INSTANCE;
    }

    private static String string(JsonParser p, JsonToken v) throws IOException, Unusual {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        throw Unusual.INSTANCE;
    }

    private static List<BrandWindow.Sample> samples(JsonParser p, JsonToken v) throws IOException, Unusual {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_ARRAY) {
            throw Unusual.INSTANCE;
        }
        List<BrandWindow.Sample> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            String text = null;
            String url = null;
            long followers = 0;
            int seen = 0;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken x = p.nextToken();
                switch (name) {
                    case "text" -> {
                        seen = once(seen, 1);
                        text = string(p, x);
                    }
                    case "url" -> {
                        seen = once(seen, 2);
                        url = string(p, x);
                    }
                    case "followers" -> {
                        seen = once(seen, 4);
                        followers = longValue(p, x);
                    }
                    default -> throw Unusual.INSTANCE;
                }
            }
            if (t != JsonToken.END_OBJECT || seen != 7) {
                throw Unusual.INSTANCE;
            }
            out.add(new BrandWindow.Sample(text, url, followers));
        }
        if (t != JsonToken.END_ARRAY) {
            throw Unusual.INSTANCE;
        }
        return out;
    }

    private static Map<String, Long> terms(JsonParser p, JsonToken v) throws IOException, Unusual {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_OBJECT) {
            throw Unusual.INSTANCE;
        }
        Map<String, Long> out = new LinkedHashMap<>(); // what data binding builds for a Map, in the order of the JSON
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String term = p.currentName();
            out.put(term, longValue(p, p.nextToken()));
        }
        if (t != JsonToken.END_OBJECT) {
            throw Unusual.INSTANCE;
        }
        return out;
    }

    private static List<BrandWindow.AuthorReach> authors(JsonParser p, JsonToken v) throws IOException, Unusual {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.START_ARRAY) {
            throw Unusual.INSTANCE;
        }
        List<BrandWindow.AuthorReach> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            String author = null;
            long followers = 0;
            int seen = 0;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken x = p.nextToken();
                switch (name) {
                    case "author" -> {
                        seen = once(seen, 1);
                        author = string(p, x);
                    }
                    case "followers" -> {
                        seen = once(seen, 2);
                        followers = longValue(p, x);
                    }
                    default -> throw Unusual.INSTANCE;
                }
            }
            if (t != JsonToken.END_OBJECT || seen != 3) {
                throw Unusual.INSTANCE;
            }
            out.add(new BrandWindow.AuthorReach(author, followers));
        }
        if (t != JsonToken.END_ARRAY) {
            throw Unusual.INSTANCE;
        }
        return out;
    }

    private static int once(int seen, int bit) throws Unusual {
        if ((seen & bit) != 0) {
            throw Unusual.INSTANCE;
        }
        return seen | bit;
    }

    /** Reads {@code data[pos, end)}; every read checks its bounds (IllegalArgumentException saying where). */
}
