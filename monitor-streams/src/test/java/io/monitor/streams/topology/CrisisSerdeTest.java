package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.model.Alert;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.core.model.Severity;
import io.monitor.streams.detect.IncidentState;
import io.monitor.streams.detect.Terms;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The crisis rules' projection fields and state survive the repartition topic and a restore, across versions. */
class CrisisSerdeTest {
    private static final Mention NEGATIVE = new Mention(1, "bluesky", "p1", "https://x/1",
            new Mention.Author("did:plc:1", "eilmeldung.bsky.social", null, 500_000), "Nordbahn kaputt", null, Instant.EPOCH,
            null, null, null, null, "bluesky:p0", null, new Sentiment(-0.5, Sentiment.Label.NEGATIVE, 1));

    @Test
    void aNegativeProjectionCarriesPlatformAuthorAndRepostThroughTheSerde() {
        BrandMention p = BrandMention.of(NEGATIVE);
        assertThat(p.platform()).isEqualTo("bluesky");
        assertThat(p.author()).isEqualTo("eilmeldung.bsky.social");
        assertThat(p.repost()).isTrue();
        byte[] bytes = BrandMention.SERDE.serializer().serialize("t", p);
        assertThat(BrandMention.SERDE.deserializer().deserialize("t", bytes)).isEqualTo(p);
    }

    @Test
    void aWindowKeepsTheHighestReachDistinctAuthorsAndTopHashtags() {
        BrandWindow w = new BrandWindow();
        for (int i = 0; i < 10; i++) {
            w.add(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 100 * i, 0, "kaputt #stellwerk", null, "demo", "a" + i % 4,
                    false));
        }
        BrandWindow back = Topologies.WINDOW_SERDE.fromBytes(Topologies.WINDOW_SERDE.toBytes(new BrandWindow().merge(w)));
        assertThat(back.authors).extracting(BrandWindow.AuthorReach::toString)
                .containsExactly("@demo:a1 (900 followers)", "@demo:a0 (800 followers)", "@demo:a3 (700 followers)");
        assertThat(back.evidence().topHashtags()).containsExactly("#stellwerk (10)");
        assertThat(back.evidence().topAuthors()).hasSize(3);
    }

    @Test
    void aRecordOfTheFirstShapeIsReadAsOneWithoutAuthor() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeByte(1);
        out.writeByte(Sentiment.Label.NEGATIVE.ordinal());
        out.writeDouble(-0.5);
        out.writeLong(42);
        out.writeLong(3);
        out.writeBoolean(true);
        out.writeUTF("kaputt");
        out.writeBoolean(false);
        BrandMention m = BrandMention.SERDE.deserializer().deserialize("t", b.toByteArray());
        assertThat(m).isEqualTo(new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 42, 3, "kaputt", null));
        assertThat(m.author()).isNull();
    }

    @Test
    void aReaderOfTheFirstShapeReadsTheNewRecordsFieldsUnchanged() throws Exception {
        byte[] bytes = BrandMention.SERDE.serializer().serialize("t", BrandMention.of(NEGATIVE));
        // what the version-1 reader did, field by field; it never looked past the url
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        assertThat(in.readByte()).isEqualTo((byte) 1);
        assertThat(in.readByte()).isEqualTo((byte) Sentiment.Label.NEGATIVE.ordinal());
        assertThat(in.readDouble()).isEqualTo(-0.5);
        assertThat(in.readLong()).isEqualTo(500_000);
        assertThat(in.readLong()).isZero();
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readUTF()).isEqualTo("Nordbahn kaputt");
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readUTF()).isEqualTo("https://x/1");
    }

    @Test
    void crisisStateRoundTripsWithCountersClustersAndIncidents() {
        CrisisState s = new CrisisState();
        s.firstSeen = 1000;
        s.volume.put(0L, 12L);
        s.terms.add(0, "#stellwerk");
        s.terms.roll(20_000, 10_000, 0.1);
        s.terms.add(20_000, "kaputt");
        String text = "Die Nordbahn hat mein Abo gekündigt ohne mich zu fragen";
        s.clusters.add(5, "demo:a", Terms.words(text), text, "https://x", 0.7);
        s.remember(new CrisisState.Post(5, text, "https://x", "demo", "a", 10));
        Alert a = Alert.firing(Map.of("brand", "nordbahn", "rule", "high_reach_author", "author", "demo:a"),
                Map.of("summary", "x"), Severity.WARNING, Instant.EPOCH);
        s.incidents.put("high_reach_author|demo:a", new IncidentState(a, 5, 5, 1));
        s.silenceExpected = 20.0;

        CrisisState back = CrisisTopology.STATE_SERDE.fromBytes(CrisisTopology.STATE_SERDE.toBytes(s));
        assertThat(back.volume).containsEntry(0L, 12L);
        assertThat(back.terms.baseline).containsOnlyKeys("#stellwerk");
        assertThat(back.terms.folded).isEqualTo(2);
        assertThat(back.terms.panes.get(20_000L)).containsEntry("kaputt", 1L);
        assertThat(back.clusters.clusters).singleElement().satisfies(c -> {
            assertThat(c.authorsSince(0)).isEqualTo(1);
            // the signature still matches a copy after the restore
            assertThat(back.clusters.add(6, "demo:b", Terms.words(text), text, null, 0.7)).isSameAs(c);
        });
        assertThat(back.recent).containsExactlyElementsOf(s.recent);
        assertThat(back.incidents).isEqualTo(s.incidents);
        assertThat(back.silenceExpected).isEqualTo(20.0);
    }
}
