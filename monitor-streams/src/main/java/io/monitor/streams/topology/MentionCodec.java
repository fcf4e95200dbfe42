package io.monitor.streams.topology;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.monitor.core.json.Json;
import io.monitor.core.json.JsonSerde;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
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
 */
public final class MentionCodec {
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();
    private static final Sentiment.Label[] LABELS = Sentiment.Label.values();

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
            Mention m = fast(data);
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
        String s = p.getText();
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
        try (ByteArrayBuilder out = new ByteArrayBuilder((BufferRecycler) null, 512 + m.text().length() * 2);
             JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", m.schemaVersion());
            g.writeStringField("platform", m.platform());
            g.writeStringField("id", m.id());
            g.writeStringField("url", m.url());
            Mention.Author a = m.author();
            g.writeObjectFieldStart("author");
            g.writeStringField("id", a.id());
            g.writeStringField("handle", a.handle());
            g.writeStringField("displayName", a.displayName());
            g.writeNumberField("followers", a.followers());
            g.writeEndObject();
            g.writeStringField("text", m.text());
            g.writeStringField("language", m.language());
            g.writeStringField("createdAt", instant(m.createdAt()));
            g.writeStringField("ingestedAt", instant(m.ingestedAt()));
            Mention.Engagement e = m.engagement();
            g.writeObjectFieldStart("engagement");
            g.writeNumberField("likes", e.likes());
            g.writeNumberField("reposts", e.reposts());
            g.writeNumberField("replies", e.replies());
            g.writeNumberField("quotes", e.quotes());
            g.writeEndObject();
            g.writeStringField("replyTo", m.replyTo());
            g.writeStringField("quoteOf", m.quoteOf());
            g.writeStringField("repostOf", m.repostOf());
            g.writeArrayFieldStart("matchedBrands");
            for (String b : m.matchedBrands()) {
                g.writeString(b);
            }
            g.writeEndArray();
            Sentiment s = m.sentiment();
            if (s == null) {
                g.writeNullField("sentiment");
            } else {
                g.writeObjectFieldStart("sentiment");
                g.writeNumberField("score", s.score());
                g.writeStringField("label", s.label().name());
                g.writeNumberField("confidence", s.confidence());
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
