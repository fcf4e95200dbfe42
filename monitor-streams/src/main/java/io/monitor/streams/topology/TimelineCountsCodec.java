package io.monitor.streams.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.monitor.core.json.Json;
import io.monitor.streams.sketch.DistinctCount;
import io.monitor.streams.sketch.TopK;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The timeline stores' value serde. Writes format 2, a compact binary record read and written once per mention by
 * the 1-minute aggregate (the Streams cache stores bytes, so every mention pays one decode and one encode):
 * <pre>
 *  0x02 | varlong volume, negative, neutral, positive | 8-byte sentimentSum | varlong reach, engagement
 *       | authors: 0x00 varint n, n × 8-byte hash (exact) or 0x01, {@value DistinctCount#M} register bytes
 *       | 3 × top-k (terms, hashtags, authors): varint n, n × (varint UTF-8 length, bytes, varlong count, error, hits, max)
 * </pre>
 * Format 1 is the JSON object of the first timeline ({@code {"volume":..,"negative":..,"neutral":..,"positive":..,
 * "sentimentSum":..}}, as {@link Topologies#TIMELINE_SERDE} wrote it): values stored by an earlier version are still
 * read (a JSON value starts with '{' or white space, never with 0x02), as counts without authors, reach or terms.
 * An earlier version cannot read format 2: going back needs the timeline stores reset.
 *
 * <p>The aggregate reads back per mention what it wrote with the brand's previous one: those reads are served by a
 * {@link Memo} of the values this thread wrote (a copy, for the very same bytes), decoding only the rest.
 */
final class TimelineCountsCodec {
    static final byte FORMAT = 2;
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    static final Serde<TimelineCounts> SERDE = Serdes.serdeFrom((Serializer<TimelineCounts>) (topic, v) -> write(v),
            (Deserializer<TimelineCounts>) (topic, data) -> read(data));

    private TimelineCountsCodec() {
    }

    static byte[] write(TimelineCounts v) {
        if (v == null) {
            return null;
        }
        ByteOut out = new ByteOut(v.encodedSize > 0 ? v.encodedSize + 256 : 256);
        out.b(FORMAT);
        out.varlong(v.volume);
        out.varlong(v.negative);
        out.varlong(v.neutral);
        out.varlong(v.positive);
        out.fixed64(Double.doubleToRawLongBits(v.sentimentSum));
        out.varlong(v.reach);
        out.varlong(v.engagement);
        DistinctCount d = v.authors;
        if (d.isExact()) {
            out.b(0);
            int n = d.exactSize();
            out.varlong(n);
            for (int i = 0; i < n; i++) {
                out.fixed64(d.exactHash(i));
            }
        } else {
            out.b(1);
            out.bytes(d.registersView());
        }
        topK(out, v.topTerms);
        topK(out, v.topHashtags);
        topK(out, v.topAuthors);
        byte[] bytes = out.toByteArray();
        Memo.remember(bytes, v);
        return bytes;
    }

    private static void topK(ByteOut out, TopK k) {
        int n = k.size();
        out.varlong(n);
        for (int i = 0; i < n; i++) {
            byte[] key = k.keyBytes(i);
            out.varlong(key.length);
            out.bytes(key);
            out.varlong(k.count(i));
            out.varlong(k.error(i));
            out.varlong(k.hits(i));
            out.varlong(k.max(i));
        }
    }

    static TimelineCounts read(byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length > 0 && data[0] == FORMAT) {
            TimelineCounts known = Memo.take(data);
            return known != null ? known : readBinary(data);
        }
        TimelineCounts fast = fast(data);
        return fast != null ? fast : Topologies.TIMELINE_SERDE.fromBytes(data);
    }

    /** Decodes format 2 (no memo). */
    static TimelineCounts readBinary(byte[] data) {
        try {
            ByteIn in = new ByteIn(data, 1, data.length);
            long volume = in.varlong();
            long negative = in.varlong();
            long neutral = in.varlong();
            long positive = in.varlong();
            double sentimentSum = Double.longBitsToDouble(in.fixed64());
            long reach = in.varlong();
            long engagement = in.varlong();
            DistinctCount authors;
            int kind = in.b();
            if (kind == 0) {
                int n = in.count(DistinctCount.EXACT_MAX);
                long[] h = new long[n];
                for (int i = 0; i < n; i++) {
                    h[i] = in.fixed64();
                }
                authors = DistinctCount.ofHashes(h, n);
            } else if (kind == 1) {
                authors = DistinctCount.ofRegisters(in.bytes(DistinctCount.M));
            } else {
                throw new IllegalArgumentException("unknown distinct-count kind " + kind);
            }
            TimelineCounts c = new TimelineCounts(authors, topK(in, TimelineCounts.TERMS_CAPACITY),
                    topK(in, TimelineCounts.HASHTAGS_CAPACITY), topK(in, TimelineCounts.AUTHORS_CAPACITY));
            c.volume = volume;
            c.negative = negative;
            c.neutral = neutral;
            c.positive = positive;
            c.sentimentSum = sentimentSum;
            c.reach = reach;
            c.engagement = engagement;
            c.encodedSize = data.length;
            if (in.pos() != data.length) {
                throw new IllegalArgumentException((data.length - in.pos()) + " bytes after the record");
            }
            return c;
        } catch (RuntimeException e) {
            throw new SerializationException("not a valid TimelineCounts record (format 2): " + e.getMessage(), e);
        }
    }

    private static TopK topK(ByteIn in, int capacity) {
        int n = in.count(capacity);
        TopK k = new TopK(capacity, n);
        for (int i = 0; i < n; i++) {
            int len = in.count(1 << 16);
            int at = in.take(len);
            k.restore(in.data(), at, len, in.varlong(), in.varlong(), in.varlong(), in.varlong());
        }
        return k;
    }

    /**
     * The values this thread wrote last, by their bytes: the 1-minute aggregate reads a value back with the brand's
     * next mention (and a record cache flush and the roll-up read it too), and a copy of the value it wrote, taken
     * when writing, is what decoding those bytes gives (format 2 carries every field and counter exactly), at a
     * fraction of the cost. A pure cache of the function bytes → value, as {@code BrandWindowCodec.Memo}: a hit
     * needs the very same bytes (compared in full), each read gets its own copy (the aggregate mutates what it
     * reads), and the store stays the only state, so nothing here can be lost or counted twice in a crash.
     */
    static final class Memo {
        private static final int ENTRIES = 256;
        private static final int PREFIX = 32;
        private static final ThreadLocal<Map<Long, Entry>> VALUES = ThreadLocal.withInitial(() ->
                new LinkedHashMap<>(ENTRIES * 2, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                        return size() > ENTRIES;
                    }
                });

        private record Entry(byte[] bytes, TimelineCounts value) {
        }

        private Memo() {
        }

        static void remember(byte[] bytes, TimelineCounts v) {
            TimelineCounts c = v.copy();
            c.encodedSize = bytes.length; // as decoding sets it
            VALUES.get().put(key(bytes), new Entry(bytes.clone(), c)); // own bytes: the caller's array is not ours
        }

        /** A copy of the value written as {@code bytes} by this thread; null if unknown. */
        static TimelineCounts take(byte[] bytes) {
            Entry e = VALUES.get().get(key(bytes));
            return e != null && Arrays.equals(e.bytes, bytes) ? e.value.copy() : null;
        }

        /** Length and the first and last bytes: the counts at the start change with every mention. */
        private static long key(byte[] b) {
            long h = b.length;
            int n = Math.min(PREFIX, b.length);
            for (int i = 0; i < n; i++) {
                h = 31 * h + b[i];
            }
            for (int i = Math.max(n, b.length - 16); i < b.length; i++) {
                h = 31 * h + b[i];
            }
            return h;
        }
    }

    /** Format 1: exactly the five fields as the first version wrote them, each once, as numbers; else null. */
    static TimelineCounts fast(byte[] data) {
        if (data.length > 4096) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            TimelineCounts c = new TimelineCounts();
            int seen = 0;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                int bit;
                switch (name) {
                    case "volume" -> bit = 1;
                    case "negative" -> bit = 2;
                    case "neutral" -> bit = 4;
                    case "positive" -> bit = 8;
                    case "sentimentSum" -> bit = 16;
                    default -> {
                        return null;
                    }
                }
                if ((seen & bit) != 0) {
                    return null;
                }
                seen |= bit;
                if (bit == 16) {
                    if (v != JsonToken.VALUE_NUMBER_FLOAT && v != JsonToken.VALUE_NUMBER_INT) {
                        return null;
                    }
                    c.sentimentSum = p.getDoubleValue();
                } else {
                    if (v != JsonToken.VALUE_NUMBER_INT || (p.getNumberType() != JsonParser.NumberType.INT
                            && p.getNumberType() != JsonParser.NumberType.LONG)) {
                        return null;
                    }
                    long n = p.getLongValue();
                    switch (bit) {
                        case 1 -> c.volume = n;
                        case 2 -> c.negative = n;
                        case 4 -> c.neutral = n;
                        default -> c.positive = n;
                    }
                }
            }
            return t == JsonToken.END_OBJECT && seen == 31 ? c : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }


}
