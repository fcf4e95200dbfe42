package io.monitor.streams.topology;

import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * the copy-paste, emerging-term and high-reach rules. They travel as an optional trailer after the version-1 fields:
 * a reader of the first shape ignores trailing bytes and a reader of this shape takes a record without the trailer
 * as one without author, so old and new instances read each other's records during a rolling upgrade.
 */
public record BrandMention(Sentiment.Label label, double score, long followers, long engagement, String text, String url,
                           String platform, String author, boolean repost) {
    static final int MAX_TEXT = 2000;
    private static final byte VERSION = 1;
    private static final Sentiment.Label[] LABELS = Sentiment.Label.values();

    /** A projection without author fields (as written before they existed). */
    public BrandMention(Sentiment.Label label, double score, long followers, long engagement, String text, String url) {
        this(label, score, followers, engagement, text, url, null, null, false);
    }

    /** The projection of an enriched mention (sentiment already set; a missing sentiment counts as neutral). */
    public static BrandMention of(Mention m) {
        Sentiment s = m.sentiment();
        Sentiment.Label label = s == null ? Sentiment.Label.NEUTRAL : s.label();
        boolean negative = label == Sentiment.Label.NEGATIVE;
        return new BrandMention(label, s == null ? 0 : s.score(), Math.max(0, m.author().followers()),
                m.engagement().total(), negative ? cut(m.text()) : null, negative ? cut(m.url()) : null,
                negative ? m.platform() : null, negative ? authorOf(m.author()) : null, m.repostOf() != null);
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
     * the optional trailer: optional platform, optional author, repost flag.
     */
    public static final Serde<BrandMention> SERDE = Serdes.serdeFrom(new Serializer<>() {
        @Override
        public byte[] serialize(String topic, BrandMention v) {
            if (v == null) {
                return null;
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + (v.text == null ? 0 : v.text.length() * 2));
                DataOutputStream out = new DataOutputStream(bytes);
                out.writeByte(VERSION);
                out.writeByte(v.label.ordinal());
                out.writeDouble(v.score);
                out.writeLong(v.followers);
                out.writeLong(v.engagement);
                writeOptional(out, v.text);
                writeOptional(out, v.url);
                if (v.platform != null || v.author != null || v.repost) { // the optional trailer (see the class comment)
                    writeOptional(out, v.platform);
                    writeOptional(out, v.author);
                    out.writeBoolean(v.repost);
                }
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
                    return new BrandMention(m.label, m.score, m.followers, m.engagement, m.text, m.url, readOptional(in),
                            readOptional(in), in.readBoolean());
                }
                return m;
            } catch (IOException | ArrayIndexOutOfBoundsException e) {
                throw new SerializationException("not a brand mention projection: " + e, e);
            }
        }
    });

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
