package io.monitor.streams.topology;

import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.streams.detect.Terms;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the aggregates need of one enriched mention of one brand: the projection that crosses the by-brand
 * repartition topic instead of the whole {@code Mention} JSON (re-serialising and re-parsing the full mention
 * there cost about a fifth of the topology's time). Text and URL travel only for negative mentions, the only
 * ones whose samples and terms become alert evidence; text and URL are cut to {@value #MAX_TEXT} characters.
 * Internal to the topology: the binary format ({@link #SERDE}) only lives in the repartition topic.
 *
 * <p>Negative mentions also carry the platform, the author (handle, else id) and whether the post is a repost, for
 * the copy-paste, emerging-term and high-reach rules (which read them of negative mentions only). They travel as an optional trailer after the version-1 fields:
 * a reader of the first shape ignores trailing bytes and a reader of this shape takes a record without the trailer
 * as one without author, so old and new instances read each other's records during a rolling upgrade.
 *
 * <p>For the timeline's unique authors, top authors, terms and hashtags, every mention (not only negative ones)
 * carries platform and author, and a mention without text here carries its distinct terms and hashtags instead
 * ({@code carriedTerms}: at most {@value #MAX_TERMS} terms and {@value #MAX_HASHTAGS} hashtags as {@link Terms}
 * extracts them, the same words the crisis rules count, so the timeline and the alert evidence agree). They travel
 * in a second optional trailer after the first; a reader of the earlier shapes stops before it, and a record
 * without it has no carried terms ({@link #terms()} then derives them from the text when there is one).
 */
public record BrandMention(Sentiment.Label label, double score, long followers, long engagement, String text, String url,
                           String platform, String author, boolean repost, List<String> carriedTerms) {
    static final int MAX_TEXT = 2000;
    /** Most terms (not hashtags) carried or counted per mention: the first distinct ones in the text. */
    static final int MAX_TERMS = 12;
    /** Most hashtags carried or counted per mention. */
    static final int MAX_HASHTAGS = 8;
    /** Longer "terms" (URL debris, glued words) are not worth a counter and would not fit the one-byte length. */
    static final int MAX_TERM_BYTES = 64;
    private static final byte VERSION = 1;
    private static final Sentiment.Label[] LABELS = Sentiment.Label.values();

    /** A projection without author fields (as written before they existed). */
    public BrandMention(Sentiment.Label label, double score, long followers, long engagement, String text, String url) {
        this(label, score, followers, engagement, text, url, null, null, false, null);
    }

    /** A projection without carried terms (as written before they existed). */
    public BrandMention(Sentiment.Label label, double score, long followers, long engagement, String text, String url,
                        String platform, String author, boolean repost) {
        this(label, score, followers, engagement, text, url, platform, author, repost, null);
    }

    public BrandMention {
        carriedTerms = carriedTerms == null ? null : List.copyOf(carriedTerms);
    }

    /**
     * The mention's distinct terms and hashtags (hashtags with their '#') as the timeline counts them: the carried
     * ones, else those of the text (a negative mention carries its text instead), else none.
     */
    public List<String> terms() {
        if (carriedTerms != null) {
            return carriedTerms;
        }
        if (text == null) {
            return List.of();
        }
        // A negative mention's terms are derived from its text after the repartition, where both the timeline and
        // the detection pane ask for them: the terms of the text this thread derived last are kept (a pure function
        // of the text; the very same String instance, so the check is one comparison) and shared, unmodifiable.
        LastTerms last = LAST_TERMS.get();
        if (last.text != text) {
            last.terms = Collections.unmodifiableList(termsOf(text));
            last.text = text;
        }
        return last.terms;
    }

    /** The text whose terms this thread derived last, and those terms. */
    private static final class LastTerms {
        String text;
        List<String> terms;
    }

    private static final ThreadLocal<LastTerms> LAST_TERMS = ThreadLocal.withInitial(LastTerms::new);

    /**
     * The first {@value #MAX_TERMS} distinct terms and {@value #MAX_HASHTAGS} hashtags of {@code text} as
     * {@link Terms#distinctTerms(String)} finds them, in text order; longer than {@value #MAX_TERM_BYTES} bytes left out.
     */
    static List<String> termsOf(String text) {
        // One pass over the words, without the ordered set of every distinct term: a repeat of a term already taken is
        // skipped, and a repeat of one left out (too long, or over its cap) is left out again for the same reason, so
        // this is the first-distinct-terms-then-cap of termsOfReference (BrandMentionTest compares the two).
        List<String> words = Terms.wordsView(text);
        String[] out = new String[Math.min(words.size(), MAX_TERMS + MAX_HASHTAGS)];
        int k = 0;
        int terms = 0;
        int tags = 0;
        for (String t : words) {
            if (!Terms.counted(t) || contains(out, k, t)) {
                continue;
            }
            if (t.length() * 3 > MAX_TERM_BYTES && t.getBytes(StandardCharsets.UTF_8).length > MAX_TERM_BYTES) {
                continue;
            }
            if (t.charAt(0) == '#') {
                if (tags < MAX_HASHTAGS) {
                    tags++;
                    out[k++] = t;
                }
            } else if (terms < MAX_TERMS) {
                terms++;
                out[k++] = t;
            }
            if (terms == MAX_TERMS && tags == MAX_HASHTAGS) {
                break;
            }
        }
        return k == out.length ? List.of(out) : List.of(Arrays.copyOf(out, k));
    }

    private static boolean contains(String[] a, int n, String s) {
        int h = s.hashCode(); // cached in the strings: mostly one int comparison per term taken
        for (int i = 0; i < n; i++) {
            if (a[i].hashCode() == h && a[i].equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #termsOf} as first written (the distinct terms, then the caps): the reference for tests. */
    static List<String> termsOfReference(String text) {
        List<String> out = new ArrayList<>();
        int terms = 0;
        int tags = 0;
        for (String t : Terms.distinctTerms(text)) {
            if (t.length() * 3 > MAX_TERM_BYTES && t.getBytes(StandardCharsets.UTF_8).length > MAX_TERM_BYTES) {
                continue;
            }
            if (t.charAt(0) == '#') {
                if (tags < MAX_HASHTAGS) {
                    tags++;
                    out.add(t);
                }
            } else if (terms < MAX_TERMS) {
                terms++;
                out.add(t);
            }
            if (terms == MAX_TERMS && tags == MAX_HASHTAGS) {
                break;
            }
        }
        return out;
    }

    /** The projection of an enriched mention (sentiment already set; a missing sentiment counts as neutral). */
    public static BrandMention of(Mention m) {
        Sentiment s = m.sentiment();
        Sentiment.Label label = s == null ? Sentiment.Label.NEUTRAL : s.label();
        boolean negative = label == Sentiment.Label.NEGATIVE;
        return new BrandMention(label, s == null ? 0 : s.score(), Math.max(0, m.author().followers()),
                m.engagement().total(), negative ? cut(m.text()) : null, negative ? cut(m.url()) : null,
                m.platform(), authorOf(m.author()), m.repostOf() != null, negative ? null : termsOf(m.text()));
    }

    private static String authorOf(Mention.Author a) {
        String who = a.handle() != null && !a.handle().isBlank() ? a.handle() : a.id();
        return who == null || who.isBlank() ? null : cut(who);
    }

    private static String cut(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }

    public boolean negative() {
        return label == Sentiment.Label.NEGATIVE;
    }

    /**
     * Versioned binary serde: version, label ordinal, score, followers, engagement, optional text, optional url, then
     * the optional trailer: optional platform, optional author, repost flag; then the optional second trailer (only
     * with the first): the number of carried terms (one byte) and each term as its UTF-8 length (one byte) and bytes.
     */
    public static final Serde<BrandMention> SERDE = Serdes.serdeFrom(new Serializer<>() {
        @Override
        public byte[] serialize(String topic, BrandMention v) {
            if (v == null) {
                return null;
            }
            byte[] fast = serializeFast(v);
            return fast != null ? fast : serializeReference(v);
        }
    }, new Deserializer<>() {
        @Override
        public BrandMention deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                byte version = in.readByte();
                if (version != VERSION) {
                    throw new SerializationException("brand mention projection version " + version + " is not supported");
                }
                int label = in.readByte();
                BrandMention m = new BrandMention(LABELS[label], in.readDouble(), in.readLong(), in.readLong(),
                        readOptional(in), readOptional(in));
                if (in.available() > 0) {
                    String platform = readOptional(in);
                    String author = readOptional(in);
                    boolean repost = in.readBoolean();
                    List<String> terms = null;
                    int left = in.available();
                    if (left > 0) { // read straight from the array: a dozen short strings, no stream calls per byte
                        int at = data.length - left;
                        int n = data[at++] & 0xFF;
                        String[] t = new String[n];
                        for (int i = 0; i < n; i++) {
                            int len = data[at++] & 0xFF;
                            if (at + len > data.length) {
                                throw new SerializationException("not a brand mention projection: term " + i + " of " + n
                                        + " is cut off");
                            }
                            t[i] = new String(data, at, len, StandardCharsets.UTF_8);
                            at += len;
                        }
                        terms = java.util.Arrays.asList(t);
                    }
                    return new BrandMention(m.label, m.score, m.followers, m.engagement, m.text, m.url, platform, author,
                            repost, terms);
                }
                return m;
            } catch (IOException | IndexOutOfBoundsException e) {
                throw new SerializationException("not a brand mention projection: " + e, e);
            }
        }
    });

    /** The serde's bytes as first written, with data streams: the reference, and the path for very long strings. */
    static byte[] serializeReference(BrandMention v) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (v.text == null ? 0 : v.text.length() * 2)
                    + (v.carriedTerms == null ? 0 : v.carriedTerms.size() * 16));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeByte(v.label.ordinal());
            out.writeDouble(v.score);
            out.writeLong(v.followers);
            out.writeLong(v.engagement);
            writeOptional(out, v.text);
            writeOptional(out, v.url);
            if (v.platform != null || v.author != null || v.repost || v.carriedTerms != null) { // the optional trailer
                writeOptional(out, v.platform);
                writeOptional(out, v.author);
                out.writeBoolean(v.repost);
                if (v.carriedTerms != null) { // the second trailer
                    int n = Math.min(255, v.carriedTerms.size());
                    out.writeByte(n);
                    for (int i = 0; i < n; i++) {
                        byte[] t = v.carriedTerms.get(i).getBytes(StandardCharsets.UTF_8);
                        if (t.length > 255) {
                            throw new IllegalArgumentException("a carried term is longer than 255 bytes: " + t.length);
                        }
                        out.writeByte(t.length);
                        out.write(t);
                    }
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@link #serializeReference}'s bytes written straight into one array (the data streams' synchronised per-byte
     * writes and the copies were most of the serialisation's cost); null when a string is too long for
     * {@code writeUTF} or a term too long for its byte, where the reference throws its own error.
     */
    static byte[] serializeFast(BrandMention v) {
        // Modified UTF-8 lengths of the optional strings (-1: absent), each counted once.
        int text = modifiedUtf8Length(v.text);
        int url = modifiedUtf8Length(v.url);
        int platform = modifiedUtf8Length(v.platform);
        int author = modifiedUtf8Length(v.author);
        if (text > 65535 || url > 65535 || platform > 65535 || author > 65535) {
            return null; // too long for writeUTF: the reference throws its error
        }
        int size = 1 + 1 + 8 + 8 + 8 + optionalSize(text) + optionalSize(url);
        boolean trailer = v.platform != null || v.author != null || v.repost || v.carriedTerms != null;
        int n = 0;
        byte[][] terms = null;
        if (trailer) {
            size += optionalSize(platform) + optionalSize(author) + 1;
            if (v.carriedTerms != null) {
                n = Math.min(255, v.carriedTerms.size());
                size += 1;
                terms = new byte[n][];
                for (int i = 0; i < n; i++) {
                    byte[] t = v.carriedTerms.get(i).getBytes(StandardCharsets.UTF_8);
                    if (t.length > 255) {
                        return null;
                    }
                    terms[i] = t;
                    size += 1 + t.length;
                }
            }
        }
        byte[] b = new byte[size];
        b[0] = VERSION;
        b[1] = (byte) v.label.ordinal();
        int at = putLong(b, 2, Double.doubleToLongBits(v.score));
        at = putLong(b, at, v.followers);
        at = putLong(b, at, v.engagement);
        at = putOptional(b, at, v.text, text);
        at = putOptional(b, at, v.url, url);
        if (trailer) {
            at = putOptional(b, at, v.platform, platform);
            at = putOptional(b, at, v.author, author);
            b[at++] = (byte) (v.repost ? 1 : 0);
            if (v.carriedTerms != null) {
                b[at++] = (byte) n;
                for (int i = 0; i < n; i++) {
                    byte[] u = terms[i];
                    b[at++] = (byte) u.length;
                    System.arraycopy(u, 0, b, at, u.length);
                    at += u.length;
                }
            }
        }
        if (at != size) {
            throw new IllegalStateException("brand mention projection: wrote " + at + " of " + size + " bytes");
        }
        return b;
    }

    /** Bytes of {@code writeUTF}'s modified UTF-8 of {@code s} (without its two length bytes); -1 for null. */
    private static int modifiedUtf8Length(String s) {
        if (s == null) {
            return -1;
        }
        int len = s.length();
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (c >= 0x80 || c == 0) {
                len += c >= 0x800 ? 2 : 1;
            }
        }
        return len;
    }

    private static int optionalSize(int modifiedUtf8Length) {
        return modifiedUtf8Length < 0 ? 1 : 1 + 2 + modifiedUtf8Length;
    }

    private static int putLong(byte[] b, int at, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            b[at++] = (byte) (v >>> shift);
        }
        return at;
    }

    /** {@code writeBoolean(s != null)} and {@code writeUTF(s)}: modified UTF-8 (NUL in two bytes, surrogates each in three). */
    private static int putOptional(byte[] b, int at, String s, int len) {
        if (s == null) {
            b[at++] = 0;
            return at;
        }
        b[at++] = 1;
        b[at++] = (byte) (len >>> 8);
        b[at++] = (byte) len;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != 0 && c < 0x80) {
                b[at++] = (byte) c;
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | (c >> 6));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else {
                b[at++] = (byte) (0xE0 | (c >> 12));
                b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at;
    }

    private static void writeOptional(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s); // at most MAX_TEXT chars x 3 bytes: within writeUTF's 64 KiB
        }
    }

    private static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
