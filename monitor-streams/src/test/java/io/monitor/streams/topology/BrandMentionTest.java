package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The projection's second trailer (author and terms of every mention, for the timeline): what it carries, and that
 * readers of the earlier shapes and this reader understand each other's records (rolling upgrade, both directions).
 */
class BrandMentionTest {
    private static Mention mention(String text, Sentiment.Label label, double score) {
        return new Mention(1, "bluesky", "p1", "https://x/1", new Mention.Author("did:plc:1", "anna.bsky.social", null, 120),
                text, "de", Instant.EPOCH, null, new Mention.Engagement(3, 1, 0, -1), null, null, null, List.of("nordbahn"),
                new Sentiment(score, label, 0.9));
    }

    @Test
    void aNonNegativeMentionCarriesItsAuthorAndCappedDistinctTermsButNoText() {
        StringBuilder text = new StringBuilder("Mit der Nordbahn nach Kiel, Nordbahn fährt https://t.co/abc @nordbahn");
        for (int i = 0; i < 20; i++) {
            text.append(" wort").append((char) ('a' + i)).append(" #tag").append((char) ('a' + i));
        }
        BrandMention p = BrandMention.of(mention(text.toString(), Sentiment.Label.NEUTRAL, 0));
        assertThat(p.text()).isNull();
        assertThat(p.url()).isNull();
        assertThat(p.platform()).isEqualTo("bluesky");
        assertThat(p.author()).isEqualTo("anna.bsky.social");
        assertThat(p.followers()).isEqualTo(120);
        assertThat(p.engagement()).isEqualTo(4);
        // the crisis rules' extraction: lower case, links, handles and function words out, each once, in text order
        assertThat(p.terms()).startsWith("nordbahn", "kiel", "fährt", "worta", "#taga");
        assertThat(p.terms().stream().filter(t -> !t.startsWith("#"))).hasSize(BrandMention.MAX_TERMS);
        assertThat(p.terms().stream().filter(t -> t.startsWith("#"))).hasSize(BrandMention.MAX_HASHTAGS);
        byte[] bytes = BrandMention.SERDE.serializer().serialize("t", p);
        assertThat(BrandMention.SERDE.deserializer().deserialize("t", bytes)).isEqualTo(p);
    }

    @Test
    void aNegativeMentionCarriesItsTextAndDerivesTheSameTermsFromIt() {
        BrandMention p = BrandMention.of(mention("Nordbahn kaputt, Weiche defekt #Stellwerk", Sentiment.Label.NEGATIVE, -0.8));
        assertThat(p.carriedTerms()).isNull();
        assertThat(p.terms()).containsExactly("nordbahn", "kaputt", "weiche", "defekt", "#stellwerk");
        BrandMention back = BrandMention.SERDE.deserializer().deserialize("t", BrandMention.SERDE.serializer().serialize("t", p));
        assertThat(back).isEqualTo(p);
        assertThat(back.terms()).isEqualTo(p.terms());
    }

    @Test
    void aReaderOfTheFirstTrailerReadsANewRecordAndIgnoresTheTerms() throws Exception {
        BrandMention p = BrandMention.of(mention("Nordbahn fährt #pünktlich", Sentiment.Label.POSITIVE, 0.5));
        byte[] bytes = BrandMention.SERDE.serializer().serialize("t", p);
        // what the previous reader did, field by field: it stopped after the repost flag
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        assertThat(in.readByte()).isEqualTo((byte) 1);
        assertThat(in.readByte()).isEqualTo((byte) Sentiment.Label.POSITIVE.ordinal());
        assertThat(in.readDouble()).isEqualTo(0.5);
        assertThat(in.readLong()).isEqualTo(120);
        assertThat(in.readLong()).isEqualTo(4);
        assertThat(in.readBoolean()).as("no text").isFalse();
        assertThat(in.readBoolean()).as("no url").isFalse();
        assertThat(in.available()).isPositive();
        assertThat(in.readBoolean() ? in.readUTF() : null).isEqualTo("bluesky");
        assertThat(in.readBoolean() ? in.readUTF() : null).isEqualTo("anna.bsky.social");
        assertThat(in.readBoolean()).as("repost").isFalse();
        // the earlier readers only use author and platform of negative mentions (CrisisProcessor, BrandWindow),
        // so the author now present on this positive one changes nothing there
    }

    @Test
    void aRecordWithOnlyTheFirstTrailerIsReadWithoutCarriedTerms() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeByte(1);
        out.writeByte(Sentiment.Label.NEGATIVE.ordinal());
        out.writeDouble(-0.5);
        out.writeLong(42);
        out.writeLong(3);
        out.writeBoolean(true);
        out.writeUTF("Weiche kaputt #stellwerk");
        out.writeBoolean(false);
        out.writeBoolean(true);
        out.writeUTF("demo");
        out.writeBoolean(true);
        out.writeUTF("anna");
        out.writeBoolean(false);
        BrandMention m = BrandMention.SERDE.deserializer().deserialize("t", b.toByteArray());
        assertThat(m).isEqualTo(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 42, 3, "Weiche kaputt #stellwerk", null,
                "demo", "anna", false));
        assertThat(m.carriedTerms()).isNull();
        assertThat(m.terms()).containsExactly("weiche", "kaputt", "#stellwerk");
        // a non-negative record of that shape had neither text nor terms: counted, without terms
        BrandMention neutral = new BrandMention(Sentiment.Label.NEUTRAL, 0, 1, 0, null, null);
        assertThat(BrandMention.SERDE.deserializer().deserialize("t", BrandMention.SERDE.serializer().serialize("t", neutral))
                .terms()).isEmpty();
    }

    @Test
    void aNegativeMentionsTermsAreDerivedOnceAndSharedUnmodifiableAndEachTextGetsItsOwn() {
        BrandMention a = new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 1, 0, "Weiche kaputt #stellwerk", null);
        BrandMention b = new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 1, 0, "Akku leer, Display kaputt", null);
        List<String> first = a.terms();
        assertThat(first).containsExactly("weiche", "kaputt", "#stellwerk").isEqualTo(BrandMention.termsOf(a.text()));
        assertThat(a.terms()).as("the second caller (timeline, then pane)").isSameAs(first);
        assertThat(b.terms()).containsExactly("akku", "leer", "display", "kaputt");
        assertThat(a.terms()).containsExactly("weiche", "kaputt", "#stellwerk");
        // the same words in another String: derived again, equal
        BrandMention copy = new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 1, 0, new String(a.text().toCharArray()), null);
        assertThat(copy.terms()).isEqualTo(first);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
