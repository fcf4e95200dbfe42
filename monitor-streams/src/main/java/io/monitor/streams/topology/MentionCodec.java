package io.monitor.streams.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.monitor.core.json.Json;
import io.monitor.core.json.JsonSerde;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A faster reader and writer of {@link Mention} JSON for the enrich step, with exactly the results of
 * {@link Topics#MENTION_SERDE}: decoding raw bytes with Jackson's data binding was about a quarter of the stream
 * thread's time (see {@code BrokerThroughputBench}); this reads the token stream straight into the records.
 *
 * <p>How it stays identical: {@link #read(byte[])} takes a fast path only for input it fully understands
 * (the field types as the serde writes them, ISO instants ending in {@code Z}, no repeated field) and checks it with
 * {@link Topics#checkMention}; for anything else (bad JSON, odd types, coercions, a failed check) it hands the bytes
 * to {@code Topics.MENTION_SERDE.fromBytes}, so every error, message and lenient coercion is the serde's own. The
 * writer uses the same Jackson factory (same escaping and number format) and writes the fields in the serde's order,
 * so the bytes are the serde's bytes ({@code MentionCodecTest} checks both on varied and hostile input).
 *
 * <p>In front of both sits a byte-level path for the serde's own shape ({@link #direct} reads, {@link #writeDirect}
 * writes, each about a third cheaper than the token stream and the generator, see {@code EnrichPartsBench}); each
 * declines anything it does not fully understand and hands it to the path above, and
 * {@code MentionCodecDirectTest} compares them with that path on varied, mutated and malformed input.
 */
public final class MentionCodec {
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();
    private static final Sentiment.Label[] LABELS = Sentiment.Label.values();
    // Field names encoded once (the generator copies their quoted bytes instead of escaping each name per record).
    private static final SerializedString F_SCHEMA_VERSION = new SerializedString("schemaVersion");
    private static final SerializedString F_PLATFORM = new SerializedString("platform");
    private static final SerializedString F_ID = new SerializedString("id");
    private static final SerializedString F_URL = new SerializedString("url");
    private static final SerializedString F_HANDLE = new SerializedString("handle");
    private static final SerializedString F_DISPLAY_NAME = new SerializedString("displayName");
    private static final SerializedString F_FOLLOWERS = new SerializedString("followers");
    private static final SerializedString F_TEXT = new SerializedString("text");
    private static final SerializedString F_LANGUAGE = new SerializedString("language");
    private static final SerializedString F_CREATED_AT = new SerializedString("createdAt");
    private static final SerializedString F_INGESTED_AT = new SerializedString("ingestedAt");
    private static final SerializedString F_LIKES = new SerializedString("likes");
    private static final SerializedString F_REPOSTS = new SerializedString("reposts");
    private static final SerializedString F_REPLIES = new SerializedString("replies");
    private static final SerializedString F_QUOTES = new SerializedString("quotes");
    private static final SerializedString F_REPLY_TO = new SerializedString("replyTo");
    private static final SerializedString F_QUOTE_OF = new SerializedString("quoteOf");
    private static final SerializedString F_REPOST_OF = new SerializedString("repostOf");
    private static final SerializedString F_SCORE = new SerializedString("score");
    private static final SerializedString F_LABEL = new SerializedString("label");
    private static final SerializedString F_CONFIDENCE = new SerializedString("confidence");
    private static final SerializedString F_AUTHOR = new SerializedString("author");
    private static final SerializedString F_ENGAGEMENT = new SerializedString("engagement");
    private static final SerializedString F_MATCHED_BRANDS = new SerializedString("matchedBrands");
    private static final SerializedString F_SENTIMENT = new SerializedString("sentiment");

    private MentionCodec() {
    }

    /** Serde for the enriched topic: this writer, the core serde's reader. */
    public static final Serde<Mention> ENRICHED_SERDE = Serdes.serdeFrom(
            (Serializer<Mention>) (topic, m) -> write(m), Topics.MENTION_SERDE.deserializer());

    /**
     * The mention in {@code data}, validated as {@code Topics.MENTION_SERDE.fromBytes(data)} validates it.
     *
     * @throws SerializationException with the serde's message when the record is not a valid mention
     */
    public static Mention read(byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length <= JsonSerde.MAX_BYTES) {
            Mention m = direct(data);
            if (m == null) {
                m = fast(data);
            }
            if (m != null && Topics.checkMention(m) == null) {
                return m;
            }
        }
        return Topics.MENTION_SERDE.fromBytes(data); // the exact errors, messages and coercions of the serde
    }

    /** The fast path; null when the input needs the serde (anything unusual, including every error). */
    static Mention fast(byte[] data) {
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int seen = 0;
            int schemaVersion = 0;
            String platform = null;
            String id = null;
            String url = null;
            Mention.Author author = null;
            String text = null;
            String language = null;
            Instant createdAt = null;
            Instant ingestedAt = null;
            Mention.Engagement engagement = null;
            String replyTo = null;
            String quoteOf = null;
            String repostOf = null;
            List<String> matchedBrands = null;
            Sentiment sentiment = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                int bit = bit(name);
                if (bit != 0) {
                    if ((seen & bit) != 0) {
                        return null; // a repeated field: let data binding decide which one wins
                    }
                    seen |= bit;
                }
                switch (name) {
                    case "schemaVersion" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            return null;
                        }
                        schemaVersion = p.getIntValue();
                    }
                    case "platform" -> platform = string(p, v);
                    case "id" -> id = string(p, v);
                    case "url" -> url = string(p, v);
                    case "author" -> {
                        if (v == JsonToken.START_OBJECT) {
                            author = author(p);
                        } else if (v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    case "text" -> text = string(p, v);
                    case "language" -> language = string(p, v);
                    case "createdAt" -> createdAt = instant(p, v);
                    case "ingestedAt" -> ingestedAt = instant(p, v);
                    case "engagement" -> {
                        if (v == JsonToken.START_OBJECT) {
                            engagement = engagement(p);
                        } else if (v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    case "replyTo" -> replyTo = string(p, v);
                    case "quoteOf" -> quoteOf = string(p, v);
                    case "repostOf" -> repostOf = string(p, v);
                    case "matchedBrands" -> {
                        if (v == JsonToken.START_ARRAY) {
                            matchedBrands = strings(p);
                        } else if (v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    case "sentiment" -> {
                        if (v == JsonToken.START_OBJECT) {
                            sentiment = sentiment(p);
                        } else if (v != JsonToken.VALUE_NULL) {
                            return null;
                        }
                    }
                    default -> p.skipChildren(); // unknown properties are ignored, as by the serde
                }
            }
            if (t != JsonToken.END_OBJECT || platform == null || id == null || createdAt == null) {
                return null;
            }
            return new Mention(schemaVersion, platform, id, url, author, text, language, createdAt, ingestedAt,
                    engagement, replyTo, quoteOf, repostOf, matchedBrands, sentiment);
        } catch (Unusual | IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The fastest path: the serde's own shape read straight from the bytes, without a parser object or tokens. It
     * takes only what it fully understands: the known fields once each, strings as strict UTF-8 with the JSON escapes,
     * integers without sign tricks or leading zeros, no sentiment object, nothing after the closing brace; anything
     * else (unknown fields, odd types, malformed or unusual bytes) is null, and {@link #fast} reads it as before.
     * For what it takes it gives what the token-stream path gives ({@code MentionCodecTest} compares the two).
     */
    static Mention direct(byte[] data) {
        try {
            return new Direct(data).mention();
        } catch (Unusual | RuntimeException e) {
            return null;
        }
    }

    /** The field names in the serde's order: the index of a top-level one is its bit in {@link #bit}. */
    private static final byte[][] FIELDS = names("schemaVersion", "platform", "id", "url", "author", "text", "language",
            "createdAt", "ingestedAt", "engagement", "replyTo", "quoteOf", "repostOf", "matchedBrands", "sentiment");
    private static final byte[][] AUTHOR_FIELDS = names("id", "handle", "displayName", "followers");
    private static final byte[][] ENGAGEMENT_FIELDS = names("likes", "reposts", "replies", "quotes");

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** Longer strings go to the parser, whose limit (1,000,000 characters) this stays well within. */
    private static final int MAX_DIRECT_STRING_BYTES = 500_000;

    /** One pass over the bytes of one record; every surprise is {@link Unusual}. */
    private static final class Direct {
        private final byte[] d;
        private int at;

        Direct(byte[] d) {
            this.d = d;
        }

        Mention mention() throws Unusual {
            space();
            expect('{');
            int seen = 0;
            int schemaVersion = 0;
            String platform = null;
            String id = null;
            String url = null;
            Mention.Author author = null;
            String text = null;
            String language = null;
            Instant createdAt = null;
            Instant ingestedAt = null;
            Mention.Engagement engagement = null;
            String replyTo = null;
            String quoteOf = null;
            String repostOf = null;
            List<String> matchedBrands = null;
            int expected = 0;
            while (true) {
                space();
                int field = name(FIELDS, expected);
                expected = field + 1;
                int bit = 1 << field;
                if ((seen & bit) != 0) {
                    throw Unusual.INSTANCE; // repeated: the token-stream path decides
                }
                seen |= bit;
                space();
                expect(':');
                space();
                switch (field) {
                    case 0 -> {
                        long v = integer();
                        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                            throw Unusual.INSTANCE;
                        }
                        schemaVersion = (int) v;
                    }
                    case 1 -> platform = stringOrNull();
                    case 2 -> id = stringOrNull();
                    case 3 -> url = stringOrNull();
                    case 4 -> author = author();
                    case 5 -> text = stringOrNull();
                    case 6 -> language = stringOrNull();
                    case 7 -> createdAt = instantOrNull();
                    case 8 -> ingestedAt = instantOrNull();
                    case 9 -> engagement = engagement();
                    case 10 -> replyTo = stringOrNull();
                    case 11 -> quoteOf = stringOrNull();
                    case 12 -> repostOf = stringOrNull();
                    case 13 -> matchedBrands = brands();
                    case 14 -> nullValue(); // a scored raw mention is rare: the token-stream path reads it
                    default -> throw Unusual.INSTANCE;
                }
                space();
                byte c = d[at++];
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw Unusual.INSTANCE;
                }
            }
            space();
            if (at != d.length || platform == null || id == null || createdAt == null) {
                throw Unusual.INSTANCE;
            }
            return new Mention(schemaVersion, platform, id, url, author, text, language, createdAt, ingestedAt,
                    engagement, replyTo, quoteOf, repostOf, matchedBrands, null);
        }

        private Mention.Author author() throws Unusual {
            if (d[at] == 'n') {
                nullValue();
                return null;
            }
            expect('{');
            String id = null;
            String handle = null;
            String displayName = null;
            long followers = 0;
            int seen = 0;
            space();
            if (d[at] == '}') {
                at++;
                return new Mention.Author(null, null, null, 0);
            }
            int expected = 0;
            while (true) {
                space();
                int field = name(AUTHOR_FIELDS, expected);
                expected = field + 1;
                seen = once(seen, 1 << field);
                space();
                expect(':');
                space();
                switch (field) {
                    case 0 -> id = stringOrNull();
                    case 1 -> handle = stringOrNull();
                    case 2 -> displayName = stringOrNull();
                    default -> followers = integer();
                }
                if (endOfObject()) {
                    return new Mention.Author(id, handle, displayName, followers);
                }
            }
        }

        private Mention.Engagement engagement() throws Unusual {
            if (d[at] == 'n') {
                nullValue();
                return null;
            }
            expect('{');
            long[] v = new long[4];
            int seen = 0;
            space();
            if (d[at] == '}') {
                at++;
                return new Mention.Engagement(0, 0, 0, 0);
            }
            int expected = 0;
            while (true) {
                space();
                int k = name(ENGAGEMENT_FIELDS, expected);
                expected = k + 1;
                seen = once(seen, 1 << k);
                space();
                expect(':');
                space();
                v[k] = integer();
                if (endOfObject()) {
                    return new Mention.Engagement(v[0], v[1], v[2], v[3]);
                }
            }
        }

        private List<String> brands() throws Unusual {
            if (d[at] == 'n') {
                nullValue();
                return null;
            }
            expect('[');
            List<String> out = new ArrayList<>(2);
            space();
            if (d[at] == ']') {
                at++;
                return out;
            }
            while (true) {
                space();
                if (d[at] != '"') {
                    throw Unusual.INSTANCE; // null elements and other types: the token-stream path's rules
                }
                out.add(string());
                space();
                byte c = d[at++];
                if (c == ']') {
                    return out;
                }
                if (c != ',') {
                    throw Unusual.INSTANCE;
                }
            }
        }

        /** After a member: true at the closing brace (consumed), false at a comma (consumed). */
        private boolean endOfObject() throws Unusual {
            space();
            byte c = d[at++];
            if (c == '}') {
                return true;
            }
            if (c != ',') {
                throw Unusual.INSTANCE;
            }
            return false;
        }

        private Instant instantOrNull() throws Unusual {
            String s = stringOrNull();
            return s == null ? null : instant(s);
        }

        private String stringOrNull() throws Unusual {
            if (d[at] == '"') {
                return string();
            }
            nullValue();
            return null;
        }

        private void nullValue() throws Unusual {
            if (at + 4 > d.length || d[at] != 'n' || d[at + 1] != 'u' || d[at + 2] != 'l' || d[at + 3] != 'l') {
                throw Unusual.INSTANCE;
            }
            at += 4;
        }

        /** A JSON integer as Jackson reads one into a long: no leading zeros, no "-0", within the long range. */
        private long integer() throws Unusual {
            boolean negative = d[at] == '-';
            if (negative) {
                at++;
            }
            int start = at;
            long v = 0;
            while (at < d.length && d[at] >= '0' && d[at] <= '9') {
                v = v * 10 + (d[at] - '0');
                at++;
            }
            int digits = at - start;
            if (digits == 0 || digits > 19 || (digits > 1 && d[start] == '0') || (negative && v == 0)) {
                throw Unusual.INSTANCE;
            }
            if (at < d.length && (d[at] == '.' || d[at] == 'e' || d[at] == 'E')) {
                throw Unusual.INSTANCE; // a fraction or exponent: not an integer token
            }
            if (digits == 19) { // may overflow (then a big integer to the parser): parsed again, exactly
                try {
                    return Long.parseLong(new String(d, negative ? start - 1 : start, digits + (negative ? 1 : 0),
                            StandardCharsets.ISO_8859_1));
                } catch (NumberFormatException e) {
                    throw Unusual.INSTANCE;
                }
            }
            return negative ? -v : v;
        }

        /**
         * The index in {@code names} of the field name at {@code at} (plain bytes, no escapes), trying
         * {@code expected} first (the serde writes the fields in order); unknown names are {@link Unusual}.
         */
        private int name(byte[][] names, int expected) throws Unusual {
            expect('"');
            int start = at;
            if (expected < names.length) {
                byte[] e = names[expected];
                int end = start + e.length;
                if (end < d.length && d[end] == '"' && Arrays.equals(d, start, end, e, 0, e.length)) {
                    at = end + 1;
                    return expected;
                }
            }
            while (d[at] != '"') {
                at++;
            }
            int end = at;
            at++;
            for (int k = 0; k < names.length; k++) {
                if (Arrays.equals(d, start, end, names[k], 0, names[k].length)) {
                    return k; // a name with an escape or other bytes never equals one of these: the parser reads it
                }
            }
            throw Unusual.INSTANCE;
        }

        /**
         * A JSON string at {@code at} (the opening quote): strict UTF-8 (the shortest form, no surrogate code points,
         * nothing above U+10FFFF: there a standard decoder and Jackson agree) and the JSON escapes; an unescaped
         * control character or any other escape is left to the parser, which has its own errors for them.
         */
        private String string() throws Unusual {
            expect('"');
            int start = at;
            boolean ascii = true;
            StringBuilder b = null;
            int segment = start;
            while (true) {
                byte c = d[at];
                if (c == '"') {
                    break;
                }
                if (c >= 0x20 && c != '\\') {
                    at++;
                    continue;
                }
                if (c < 0) {
                    ascii = false;
                    at = utf8(at);
                    continue;
                }
                if (c != '\\') {
                    throw Unusual.INSTANCE; // an unescaped control character
                }
                if (b == null) {
                    b = new StringBuilder(Math.max(16, (at - start) * 2));
                }
                b.append(new String(d, segment, at - segment, StandardCharsets.UTF_8));
                byte e = d[at + 1];
                at += 2;
                switch (e) {
                    case '"' -> b.append('"');
                    case '\\' -> b.append('\\');
                    case '/' -> b.append('/');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'u' -> {
                        int v = 0;
                        for (int k = 0; k < 4; k++) {
                            int h = hex(d[at++]);
                            v = v << 4 | h;
                        }
                        b.append((char) v); // a lone surrogate too, as Jackson gives it
                    }
                    default -> throw Unusual.INSTANCE;
                }
                segment = at;
            }
            if (at - start > MAX_DIRECT_STRING_BYTES) {
                throw Unusual.INSTANCE; // near the parser's string length limit: its rules
            }
            String s;
            if (b == null) {
                s = new String(d, start, at - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            } else {
                b.append(new String(d, segment, at - segment, StandardCharsets.UTF_8));
                s = b.toString();
            }
            at++;
            return s;
        }

        /** Checks the UTF-8 sequence starting at {@code i} strictly; the index after it. */
        private int utf8(int i) throws Unusual {
            int b0 = d[i] & 0xFF;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                cont(i + 1, 0x80, 0xBF);
                return i + 2;
            }
            if (b0 >= 0xE0 && b0 <= 0xEF) {
                cont(i + 1, b0 == 0xE0 ? 0xA0 : 0x80, b0 == 0xED ? 0x9F : 0xBF);
                cont(i + 2, 0x80, 0xBF);
                return i + 3;
            }
            if (b0 >= 0xF0 && b0 <= 0xF4) {
                cont(i + 1, b0 == 0xF0 ? 0x90 : 0x80, b0 == 0xF4 ? 0x8F : 0xBF);
                cont(i + 2, 0x80, 0xBF);
                cont(i + 3, 0x80, 0xBF);
                return i + 4;
            }
            throw Unusual.INSTANCE;
        }

        private void cont(int i, int lo, int hi) throws Unusual {
            int b = d[i] & 0xFF;
            if (b < lo || b > hi) {
                throw Unusual.INSTANCE;
            }
        }

        private static int hex(byte c) throws Unusual {
            if (c >= '0' && c <= '9') {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f') {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F') {
                return c - 'A' + 10;
            }
            throw Unusual.INSTANCE;
        }

        private void expect(char c) throws Unusual {
            if (d[at] != c) {
                throw Unusual.INSTANCE;
            }
            at++;
        }

        /** JSON whitespace, as Jackson skips it. */
        private void space() {
            while (at < d.length) {
                byte c = d[at];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return;
                }
                at++;
            }
        }
    }

    /** Thrown inside the fast path for a value it leaves to the serde (no stack trace: it is control flow). */
    private static final class Unusual extends Exception {
        static final Unusual INSTANCE = new Unusual();

        private Unusual() {
            super(null, null, false, false);
        }
    }

    private static int bit(String name) {
        return switch (name) {
            case "schemaVersion" -> 1;
            case "platform" -> 1 << 1;
            case "id" -> 1 << 2;
            case "url" -> 1 << 3;
            case "author" -> 1 << 4;
            case "text" -> 1 << 5;
            case "language" -> 1 << 6;
            case "createdAt" -> 1 << 7;
            case "ingestedAt" -> 1 << 8;
            case "engagement" -> 1 << 9;
            case "replyTo" -> 1 << 10;
            case "quoteOf" -> 1 << 11;
            case "repostOf" -> 1 << 12;
            case "matchedBrands" -> 1 << 13;
            case "sentiment" -> 1 << 14;
            default -> 0;
        };
    }

    private static String string(JsonParser p, JsonToken v) throws IOException, Unusual {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        throw Unusual.INSTANCE; // numbers or booleans coerced to text: the serde's rules
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

    private static double doubleValue(JsonParser p, JsonToken v) throws IOException, Unusual {
        if (v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_NUMBER_INT) {
            return p.getDoubleValue();
        }
        throw Unusual.INSTANCE;
    }

    /** Strict {@code yyyy-mm-ddThh:mm:ss[.f{1,9}]Z}; other forms (offsets, epoch numbers) go to the serde. */
    private static Instant instant(JsonParser p, JsonToken v) throws IOException, Unusual {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_STRING) {
            throw Unusual.INSTANCE;
        }
        return instant(p.getText());
    }

    /** {@link #instant(JsonParser, JsonToken)} of the string's text. */
    private static Instant instant(String s) throws Unusual {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw Unusual.INSTANCE;
        }
        for (int i = 0; i < 19; i++) {
            if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                throw Unusual.INSTANCE;
            }
        }
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                throw Unusual.INSTANCE;
            }
            int scale = 100_000_000;
            for (int i = 20; i < n - 1; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    throw Unusual.INSTANCE;
                }
                nanos += (c - '0') * scale;
                scale /= 10;
            }
        }
        // Computed directly: DateTimeFormatter parsing was the largest single cost of decoding. Out-of-range fields
        // (a 31st of April, hour 24, leap second 60) go to the serde, whose ISO parser has its own rules for them.
        int hour = digits(s, 11);
        int minute = digits(s, 14);
        int second = digits(s, 17);
        if (hour > 23 || minute > 59 || second > 59) {
            throw Unusual.INSTANCE;
        }
        long day;
        try {
            day = LocalDate.of(digits(s, 0) * 100 + digits(s, 2), digits(s, 5), digits(s, 8)).toEpochDay();
        } catch (DateTimeException e) {
            throw Unusual.INSTANCE;
        }
        return Instant.ofEpochSecond(day * 86_400 + hour * 3600 + minute * 60 + second, nanos);
    }

    private static int digits(String s, int at) {
        return (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
    }

    private static Mention.Author author(JsonParser p) throws IOException, Unusual {
        String id = null;
        String handle = null;
        String displayName = null;
        long followers = 0;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "id" -> {
                    seen = once(seen, 1);
                    id = string(p, v);
                }
                case "handle" -> {
                    seen = once(seen, 2);
                    handle = string(p, v);
                }
                case "displayName" -> {
                    seen = once(seen, 4);
                    displayName = string(p, v);
                }
                case "followers" -> {
                    seen = once(seen, 8);
                    followers = longValue(p, v);
                }
                default -> p.skipChildren();
            }
        }
        return new Mention.Author(id, handle, displayName, followers);
    }

    private static Mention.Engagement engagement(JsonParser p) throws IOException, Unusual {
        long likes = 0;
        long reposts = 0;
        long replies = 0;
        long quotes = 0;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "likes" -> {
                    seen = once(seen, 1);
                    likes = longValue(p, v);
                }
                case "reposts" -> {
                    seen = once(seen, 2);
                    reposts = longValue(p, v);
                }
                case "replies" -> {
                    seen = once(seen, 4);
                    replies = longValue(p, v);
                }
                case "quotes" -> {
                    seen = once(seen, 8);
                    quotes = longValue(p, v);
                }
                default -> p.skipChildren();
            }
        }
        return new Mention.Engagement(likes, reposts, replies, quotes);
    }

    private static Sentiment sentiment(JsonParser p) throws IOException, Unusual {
        double score = 0;
        Sentiment.Label label = null;
        double confidence = 0;
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "score" -> {
                    seen = once(seen, 1);
                    score = doubleValue(p, v);
                }
                case "label" -> {
                    seen = once(seen, 2);
                    label = label(p, v);
                }
                case "confidence" -> {
                    seen = once(seen, 4);
                    confidence = doubleValue(p, v);
                }
                default -> p.skipChildren();
            }
        }
        return new Sentiment(score, label, confidence); // out-of-range values throw: the serde reports them
    }

    private static Sentiment.Label label(JsonParser p, JsonToken v) throws IOException, Unusual {
        if (v == JsonToken.VALUE_STRING) {
            String s = p.getText();
            for (Sentiment.Label l : LABELS) {
                if (l.name().equals(s)) {
                    return l;
                }
            }
        }
        throw Unusual.INSTANCE;
    }

    private static List<String> strings(JsonParser p) throws IOException, Unusual {
        List<String> out = new ArrayList<>(2);
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.VALUE_STRING) {
            out.add(p.getText());
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

    /** The JSON the serde writes for {@code m}, byte for byte. */
    public static byte[] write(Mention m) {
        if (m == null) {
            return null;
        }
        byte[] direct = writeDirect(m);
        return direct != null ? direct : writeGenerator(m);
    }

    // The serde's member prefixes, in its order, encoded once for the direct writer.
    private static final byte[] W_SCHEMA_VERSION = ascii("{\"schemaVersion\":");
    private static final byte[] W_PLATFORM = ascii(",\"platform\":");
    private static final byte[] W_ID = ascii(",\"id\":");
    private static final byte[] W_URL = ascii(",\"url\":");
    private static final byte[] W_AUTHOR_ID = ascii(",\"author\":{\"id\":");
    private static final byte[] W_HANDLE = ascii(",\"handle\":");
    private static final byte[] W_DISPLAY_NAME = ascii(",\"displayName\":");
    private static final byte[] W_FOLLOWERS = ascii(",\"followers\":");
    private static final byte[] W_TEXT = ascii("},\"text\":");
    private static final byte[] W_LANGUAGE = ascii(",\"language\":");
    private static final byte[] W_CREATED_AT = ascii(",\"createdAt\":");
    private static final byte[] W_INGESTED_AT = ascii(",\"ingestedAt\":");
    private static final byte[] W_LIKES = ascii(",\"engagement\":{\"likes\":");
    private static final byte[] W_REPOSTS = ascii(",\"reposts\":");
    private static final byte[] W_REPLIES = ascii(",\"replies\":");
    private static final byte[] W_QUOTES = ascii(",\"quotes\":");
    private static final byte[] W_REPLY_TO = ascii("},\"replyTo\":");
    private static final byte[] W_QUOTE_OF = ascii(",\"quoteOf\":");
    private static final byte[] W_REPOST_OF = ascii(",\"repostOf\":");
    private static final byte[] W_MATCHED_BRANDS = ascii(",\"matchedBrands\":[");
    private static final byte[] W_SENTIMENT_NULL = ascii("],\"sentiment\":null}");
    private static final byte[] W_SCORE = ascii("],\"sentiment\":{\"score\":");
    private static final byte[] W_LABEL = ascii(",\"label\":");
    private static final byte[] W_CONFIDENCE = ascii(",\"confidence\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] HEX = ascii("0123456789ABCDEF");
    /** Jackson's escapes of ASCII: 0 none, a letter for a short escape, -1 for {@code \\u00XX}. */
    private static final int[] ESCAPES = new int[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The generator's bytes written straight into one array (the generator's per-call checks and buffers were most
     * of the encoding's cost): the same members in the same order, Jackson's escapes (short ones for quote, backslash,
     * \\b \\t \\f \\n \\r, {@code \\u00XX} in upper-case hex for the other controls, a surrogate pair as two
     * {@code \\uXXXX}, everything else as UTF-8) and
     * number formats ({@code Long.toString}, {@code Double.toString}). Null for a string holding an unpaired surrogate,
     * which the generator has its own rules for. {@code MentionCodecDirectTest} compares the bytes with the generator's.
     */
    static byte[] writeDirect(Mention m) {
        try {
            Out o = new Out(320 + m.text().length() * 3);
            o.raw(W_SCHEMA_VERSION);
            o.number(m.schemaVersion());
            o.raw(W_PLATFORM);
            o.string(m.platform());
            o.raw(W_ID);
            o.string(m.id());
            o.raw(W_URL);
            o.string(m.url());
            Mention.Author a = m.author();
            o.raw(W_AUTHOR_ID);
            o.string(a.id());
            o.raw(W_HANDLE);
            o.string(a.handle());
            o.raw(W_DISPLAY_NAME);
            o.string(a.displayName());
            o.raw(W_FOLLOWERS);
            o.number(a.followers());
            o.raw(W_TEXT);
            o.string(m.text());
            o.raw(W_LANGUAGE);
            o.string(m.language());
            o.raw(W_CREATED_AT);
            o.string(instant(m.createdAt()));
            o.raw(W_INGESTED_AT);
            o.string(instant(m.ingestedAt()));
            Mention.Engagement e = m.engagement();
            o.raw(W_LIKES);
            o.number(e.likes());
            o.raw(W_REPOSTS);
            o.number(e.reposts());
            o.raw(W_REPLIES);
            o.number(e.replies());
            o.raw(W_QUOTES);
            o.number(e.quotes());
            o.raw(W_REPLY_TO);
            o.string(m.replyTo());
            o.raw(W_QUOTE_OF);
            o.string(m.quoteOf());
            o.raw(W_REPOST_OF);
            o.string(m.repostOf());
            o.raw(W_MATCHED_BRANDS);
            boolean first = true;
            for (String b : m.matchedBrands()) {
                if (!first) {
                    o.put(',');
                }
                first = false;
                o.string(b);
            }
            Sentiment s = m.sentiment();
            if (s == null) {
                o.raw(W_SENTIMENT_NULL);
            } else {
                o.raw(W_SCORE);
                o.ascii(Double.toString(s.score()));
                o.raw(W_LABEL);
                o.string(s.label().name());
                o.raw(W_CONFIDENCE);
                o.ascii(Double.toString(s.confidence()));
                o.put('}');
                o.put('}');
            }
            return o.bytes();
        } catch (Unusual e) {
            return null;
        }
    }

    /** A growing byte array. */
    private static final class Out {
        private byte[] b;
        private int n;

        Out(int capacity) {
            b = new byte[capacity];
        }

        private void room(int more) {
            if (n + more > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + more));
            }
        }

        void put(char c) {
            room(1);
            b[n++] = (byte) c;
        }

        void raw(byte[] bytes) {
            room(bytes.length);
            System.arraycopy(bytes, 0, b, n, bytes.length);
            n += bytes.length;
        }

        void ascii(String s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                b[n++] = (byte) s.charAt(i);
            }
        }

        void number(long v) {
            ascii(Long.toString(v));
        }

        void string(String s) throws Unusual {
            if (s == null) {
                raw(NULL);
                return;
            }
            int len = s.length();
            room(len * 6 + 2);
            byte[] b = this.b;
            int n = this.n;
            b[n++] = '"';
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    int esc = ESCAPES[c];
                    if (esc == 0) {
                        b[n++] = (byte) c;
                    } else if (esc > 0) {
                        b[n++] = '\\';
                        b[n++] = (byte) esc;
                    } else {
                        b[n++] = '\\';
                        b[n++] = 'u';
                        b[n++] = '0';
                        b[n++] = '0';
                        b[n++] = HEX[c >> 4];
                        b[n++] = HEX[c & 0xF];
                    }
                } else if (c < 0x800) {
                    b[n++] = (byte) (0xC0 | (c >> 6));
                    b[n++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    if (!Character.isHighSurrogate(c) || i + 1 >= len || !Character.isLowSurrogate(s.charAt(i + 1))) {
                        throw Unusual.INSTANCE; // unpaired: the generator decides
                    }
                    // The generator does not combine a pair into four UTF-8 bytes (its default): two escapes.
                    n = escape(b, n, c);
                    n = escape(b, n, s.charAt(++i));
                } else {
                    b[n++] = (byte) (0xE0 | (c >> 12));
                    b[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    b[n++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            b[n++] = '"';
            this.n = n;
        }

        byte[] bytes() {
            return Arrays.copyOf(b, n);
        }

        /** {@code \\uXXXX} with upper-case hex digits, as the generator escapes. */
        private static int escape(byte[] b, int n, char c) {
            b[n++] = '\\';
            b[n++] = 'u';
            b[n++] = HEX[c >> 12];
            b[n++] = HEX[(c >> 8) & 0xF];
            b[n++] = HEX[(c >> 4) & 0xF];
            b[n++] = HEX[c & 0xF];
            return n;
        }
    }

    /** The JSON the serde writes for {@code m}, through Jackson's generator: the reference of {@link #writeDirect}. */
    static byte[] writeGenerator(Mention m) {
        try (ByteArrayBuilder out = new ByteArrayBuilder((BufferRecycler) null, 512 + m.text().length() * 2);
             JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName(F_SCHEMA_VERSION);
            g.writeNumber(m.schemaVersion());
            g.writeFieldName(F_PLATFORM);
            g.writeString(m.platform());
            g.writeFieldName(F_ID);
            g.writeString(m.id());
            g.writeFieldName(F_URL);
            g.writeString(m.url());
            Mention.Author a = m.author();
            g.writeFieldName(F_AUTHOR);
            g.writeStartObject();
            g.writeFieldName(F_ID);
            g.writeString(a.id());
            g.writeFieldName(F_HANDLE);
            g.writeString(a.handle());
            g.writeFieldName(F_DISPLAY_NAME);
            g.writeString(a.displayName());
            g.writeFieldName(F_FOLLOWERS);
            g.writeNumber(a.followers());
            g.writeEndObject();
            g.writeFieldName(F_TEXT);
            g.writeString(m.text());
            g.writeFieldName(F_LANGUAGE);
            g.writeString(m.language());
            g.writeFieldName(F_CREATED_AT);
            g.writeString(instant(m.createdAt()));
            g.writeFieldName(F_INGESTED_AT);
            g.writeString(instant(m.ingestedAt()));
            Mention.Engagement e = m.engagement();
            g.writeFieldName(F_ENGAGEMENT);
            g.writeStartObject();
            g.writeFieldName(F_LIKES);
            g.writeNumber(e.likes());
            g.writeFieldName(F_REPOSTS);
            g.writeNumber(e.reposts());
            g.writeFieldName(F_REPLIES);
            g.writeNumber(e.replies());
            g.writeFieldName(F_QUOTES);
            g.writeNumber(e.quotes());
            g.writeEndObject();
            g.writeFieldName(F_REPLY_TO);
            g.writeString(m.replyTo());
            g.writeFieldName(F_QUOTE_OF);
            g.writeString(m.quoteOf());
            g.writeFieldName(F_REPOST_OF);
            g.writeString(m.repostOf());
            g.writeFieldName(F_MATCHED_BRANDS);
            g.writeStartArray();
            for (String b : m.matchedBrands()) {
                g.writeString(b);
            }
            g.writeEndArray();
            Sentiment s = m.sentiment();
            g.writeFieldName(F_SENTIMENT);
            if (s == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeFieldName(F_SCORE);
                g.writeNumber(s.score());
                g.writeFieldName(F_LABEL);
                g.writeString(s.label().name());
                g.writeFieldName(F_CONFIDENCE);
                g.writeNumber(s.confidence());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write Mention as JSON: " + e.getMessage(), e);
        }
    }

    /** {@code Instant.toString()} (ISO_INSTANT: fraction in groups of 3 digits, none when zero), without the formatter. */
    static String instant(Instant i) {
        if (i == null) {
            return null;
        }
        long secs = i.getEpochSecond();
        long day = Math.floorDiv(secs, 86_400);
        int sod = (int) Math.floorMod(secs, 86_400);
        if (day < MIN_FAST_DAY || day > MAX_FAST_DAY) {
            return i.toString(); // years outside 0000..9999 have a sign or more digits
        }
        LocalDate d = LocalDate.ofEpochDay(day);
        char[] c = new char[30];
        int y = d.getYear();
        c[0] = (char) ('0' + y / 1000);
        c[1] = (char) ('0' + y / 100 % 10);
        c[2] = (char) ('0' + y / 10 % 10);
        c[3] = (char) ('0' + y % 10);
        c[4] = '-';
        two(c, 5, d.getMonthValue());
        c[7] = '-';
        two(c, 8, d.getDayOfMonth());
        c[10] = 'T';
        two(c, 11, sod / 3600);
        c[13] = ':';
        two(c, 14, sod / 60 % 60);
        c[16] = ':';
        two(c, 17, sod % 60);
        int len = 19;
        int nanos = i.getNano();
        if (nanos > 0) {
            c[len++] = '.';
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
            int scale = 100_000_000;
            for (int k = 0; k < digits; k++) {
                c[len++] = (char) ('0' + nanos / scale % 10);
                scale /= 10;
            }
        }
        c[len++] = 'Z';
        return new String(c, 0, len);
    }

    private static final long MIN_FAST_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private static void two(char[] c, int at, int v) {
        c[at] = (char) ('0' + v / 10);
        c[at + 1] = (char) ('0' + v % 10);
    }
}
