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
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The detection-pane store's value serde, with exactly the bytes and results of {@link Topologies#WINDOW_SERDE} (so
 * the store and its changelog keep their format). The pane aggregate reads and writes its {@link BrandWindow} once
 * per mention, and the pane of a brand with negative mentions holds a hundred terms, three samples and three authors
 * (2-4 KB of JSON): reading it with data binding took about 7 µs per mention, writing it about 6 µs. Writes stay data
 * binding's (a hand-written writer was no faster); reads are served from a {@link Memo} of what this thread just wrote
 * or, failing that, by a token-stream reader (about 10 % faster than data binding).
 *
 * <p>How it stays identical: the bytes are data binding's; the reader takes a fast path only for input of exactly
 * that shape (each field once, numbers as the types data binding accepts without coercion) and builds the same objects
 * in the same order (for the terms a {@code LinkedHashMap} in the order of the JSON, as data binding builds a
 * {@code Map}); anything else goes to {@code WINDOW_SERDE} itself ({@code BrandWindowCodecTest}).
 */
final class BrandWindowCodec {
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    static final Serde<BrandWindow> SERDE = Serdes.serdeFrom((Serializer<BrandWindow>) (topic, v) -> write(v),
            (Deserializer<BrandWindow>) (topic, data) -> read(data));

    private BrandWindowCodec() {
    }

    /** The serde's own bytes (data binding writes this shape as fast as a hand-written writer did); remembered. */
    static byte[] write(BrandWindow w) {
        byte[] bytes = Topologies.WINDOW_SERDE.toBytes(w);
        if (bytes != null) {
            Memo.remember(bytes, w);
        }
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
        BrandWindow fast = data.length <= JsonSerde.MAX_BYTES ? fast(data) : null;
        return fast != null ? fast : Topologies.WINDOW_SERDE.fromBytes(data);
    }

    /**
     * The panes this thread wrote last, by their bytes: the aggregate reads a pane back with the brand's next
     * mention, and a copy of the window it wrote, taken when writing, is what parsing those bytes gives, at a fraction
     * of the cost (a record cache flush and the aggregate both read a pane back). A pure cache of the function
     * bytes → window: a hit needs the very same bytes (compared in full), each read gets its own copy (the aggregate
     * mutates what it reads), and the store stays the only state, so nothing here can be lost or counted twice in a
     * crash. Only windows whose every value survives the JSON round trip unchanged are kept (finite numbers, no null
     * entries, no unpaired surrogates); the copy keeps the iteration order of the terms, which is the order of the
     * JSON, as parsing builds it.
     */
    static final class Memo {
        private static final int ENTRIES = 256;
        private static final int PREFIX = 96;
        private static final ThreadLocal<Map<Long, Entry>> PANES = ThreadLocal.withInitial(() ->
                new LinkedHashMap<>(ENTRIES * 2, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                        return size() > ENTRIES;
                    }
                });

        private record Entry(byte[] bytes, BrandWindow window) {
        }

        private Memo() {
        }

        static void remember(byte[] bytes, BrandWindow w) {
            if (!roundTrips(w)) {
                return;
            }
            PANES.get().put(key(bytes), new Entry(bytes.clone(), copy(w)));
        }

        /** A copy of the window written as {@code bytes} by this thread; null if unknown. */
        static BrandWindow take(byte[] bytes) {
            Entry e = PANES.get().get(key(bytes));
            return e != null && Arrays.equals(e.bytes, bytes) ? copy(e.window) : null;
        }

        /** Length and the first and last bytes: the counts at the start change with every mention. */
        private static long key(byte[] b) {
            long h = b.length;
            int n = Math.min(PREFIX, b.length);
            for (int i = 0; i < n; i++) {
                h = 31 * h + b[i];
            }
            for (int i = Math.max(n, b.length - 32); i < b.length; i++) {
                h = 31 * h + b[i];
            }
            return h;
        }

        private static BrandWindow copy(BrandWindow w) {
            BrandWindow c = new BrandWindow();
            c.volume = w.volume;
            c.negative = w.negative;
            c.neutral = w.neutral;
            c.positive = w.positive;
            c.sentimentSum = w.sentimentSum;
            c.reach = w.reach;
            c.engagement = w.engagement;
            c.samples = new ArrayList<>(w.samples); // samples and authors are immutable records
            c.terms = new LinkedHashMap<>(w.terms);
            c.authors = w.authors == null ? null : new ArrayList<>(w.authors);
            return c;
        }

        private static boolean roundTrips(BrandWindow w) {
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
        private static boolean plain(String s) {
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
}
