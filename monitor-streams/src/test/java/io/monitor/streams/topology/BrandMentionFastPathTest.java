package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.model.Sentiment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The projection's fast paths against their references, on varied and hostile input (unpaired surrogates, emoji, NUL,
 * combining marks, very long and empty strings, missing fields): {@link BrandMention#termsOf} against
 * {@link BrandMention#termsOfReference} (the distinct terms, then the caps), and the serialiser's one-array writer
 * against the data-stream writer it replaces, byte for byte, including which inputs each refuses.
 */
class BrandMentionFastPathTest {
    private static final String[] PIECES = {"Nordbahn", "nordbahn", "NORDBAHN", "kaputt", "#Stellwerk", "#stellwerk", "#a",
        "##doppelt", "a#b", "@anna", "@anna.bsky.social", "https://t.co/abc", "www.example.org/x", "2026", "1234", "und",
        "über", "Über", "Straße", "fährt", "Müller", "naïve", "e\u0301", "😀", "🔋👍", "\uD800", "\uDC00", "x\uD83Dy", "\u0000",
        "_", "__init__", "#_", "#tag_two", "日本語", "привет", "١٢٣٤", "Ⅻ", "ǅemal", ",", "!!!", " ", "\n", "\t", "-", ".",
        "wort", "worta", "wortb", "wortc", "wortd", "worte", "wortf", "wortg", "worth", "worti", "wortj", "wortk", "wortl",
        "wortm", "#t1", "#t2", "#t3", "#t4", "#t5", "#t6", "#t7", "#t8", "#t9", "x".repeat(22), "ü".repeat(22),
        "ü".repeat(40), "#" + "ß".repeat(70), "😀".repeat(20)};

    private static String text(Random r) {
        int n = r.nextInt(60);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
            if (r.nextInt(4) != 0) {
                b.append(r.nextBoolean() ? " " : ", ");
            }
        }
        return b.toString();
    }

    @Test
    void termsOfMatchesTheReferenceOnVariedAndHostileTexts() {
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            String t = text(r);
            assertThat(BrandMention.termsOf(t)).as("terms of %s", t).isEqualTo(BrandMention.termsOfReference(t));
        }
        for (String t : List.of("", " ", "#", "@", "😀", "\uD800", "wort wort wort", "x".repeat(100_000))) {
            assertThat(BrandMention.termsOf(t)).isEqualTo(BrandMention.termsOfReference(t));
        }
    }

    private static String field(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> null;
            case 1 -> "";
            default -> text(r);
        };
    }

    @Test
    void theSerialiserWritesTheReferenceBytesOnVariedAndHostileProjections() {
        Random r = new Random(5);
        Sentiment.Label[] labels = Sentiment.Label.values();
        double[] scores = {0, -0.0, 1, -1, 0.123456789, Double.MIN_VALUE, Double.NaN};
        long[] longs = {0, 1, -1, 255, 256, Long.MAX_VALUE, Long.MIN_VALUE, 123_456_789};
        for (int i = 0; i < 20_000; i++) {
            List<String> terms = switch (r.nextInt(4)) {
                case 0 -> null;
                case 1 -> List.of();
                default -> BrandMention.termsOf(text(r));
            };
            BrandMention p = new BrandMention(labels[r.nextInt(labels.length)], scores[r.nextInt(scores.length)],
                    longs[r.nextInt(longs.length)], longs[r.nextInt(longs.length)], field(r), field(r),
                    r.nextInt(3) == 0 ? null : field(r), r.nextInt(3) == 0 ? null : field(r), r.nextBoolean(), terms);
            byte[] fast = BrandMention.SERDE.serializer().serialize("t", p);
            assertThat(fast).as("projection %s", p).isEqualTo(BrandMention.serializeReference(p));
            assertThat(BrandMention.SERDE.deserializer().deserialize("t", fast)).isEqualTo(
                    BrandMention.SERDE.deserializer().deserialize("t", BrandMention.serializeReference(p)));
        }
        // The old shapes: no trailer at all, and the first trailer only.
        BrandMention bare = new BrandMention(Sentiment.Label.NEGATIVE, -0.5, 3, 4, "a\u0000b😀\uD800", null);
        assertThat(BrandMention.serializeFast(bare)).isEqualTo(BrandMention.serializeReference(bare));
        BrandMention first = new BrandMention(Sentiment.Label.NEUTRAL, 0, 3, 4, null, "u", "x", null, true);
        assertThat(BrandMention.serializeFast(first)).isEqualTo(BrandMention.serializeReference(first));
    }

    @Test
    void stringsTooLongForTheFormatAreRefusedWithTheReferenceErrors() {
        // writeUTF's limit (65535 bytes): the platform is not cut, so a huge one reaches it.
        BrandMention hugePlatform = new BrandMention(Sentiment.Label.NEUTRAL, 0, 0, 0, null, null, "p".repeat(70_000), "a",
                false, null);
        assertThat(BrandMention.serializeFast(hugePlatform)).isNull();
        assertThatThrownBy(() -> BrandMention.SERDE.serializer().serialize("t", hugePlatform))
                .isInstanceOf(java.io.UncheckedIOException.class);
        // exactly at the limit in three-byte characters: written, and as the reference writes it
        BrandMention atLimit = new BrandMention(Sentiment.Label.NEUTRAL, 0, 0, 0, null, null, "€".repeat(21_845), "a",
                false, null);
        assertThat(BrandMention.serializeFast(atLimit)).isEqualTo(BrandMention.serializeReference(atLimit));
        // a carried term longer than its length byte
        List<String> terms = new ArrayList<>(Arrays.asList("ok", "ü".repeat(130)));
        BrandMention longTerm = new BrandMention(Sentiment.Label.NEUTRAL, 0, 0, 0, null, null, "x", "a", false, terms);
        assertThat(BrandMention.serializeFast(longTerm)).isNull();
        assertThatThrownBy(() -> BrandMention.SERDE.serializer().serialize("t", longTerm))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than 255 bytes");
        // more than 255 carried terms: the first 255 travel, as before
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add("w" + i);
        }
        BrandMention manyTerms = new BrandMention(Sentiment.Label.NEUTRAL, 0, 0, 0, null, null, "x", "a", false, many);
        assertThat(BrandMention.serializeFast(manyTerms)).isEqualTo(BrandMention.serializeReference(manyTerms));
    }
}
