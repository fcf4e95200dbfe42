package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The fast codec gives exactly what {@code Topics.MENTION_SERDE} gives: same records, same bytes, same errors. */
class MentionCodecTest {
    private static final String[] TEXTS = {"", "Die Nordbahn ist kaputt 🚆😡 #stellwerk @nordbahn", "quote \" backslash \\ slash /",
        "tab\there\nnewline \u0001 control \u2028 separator", "Straße München Ärger ß", "x".repeat(5000), "emoji 👍🏽 and 中文"};

    @Test
    void writesTheSerdesBytesAndReadsTheSerdesRecordsForVariedMentionsOnTheFastPath() {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            Mention m = random(r, i);
            byte[] serde = Topics.MENTION_SERDE.toBytes(m);
            assertThat(MentionCodec.write(m)).as("bytes of %s", m).isEqualTo(serde);
            assertThat(MentionCodec.fast(serde)).as("fast path taken for %s", new String(serde, StandardCharsets.UTF_8))
                    .isNotNull();
            assertThat(MentionCodec.read(serde)).isEqualTo(Topics.MENTION_SERDE.fromBytes(serde)).isEqualTo(m);
        }
    }

    @Test
    void oddOrBrokenInputGetsTheSerdesResultOrTheSerdesErrorMessage() {
        String ok = "\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-11-27T08:00:00Z\"";
        List<String> inputs = new ArrayList<>(List.of(
                "{not json", "null", "[]", "", "   ", "{}", "{\"schemaVersion\":1}",
                "{\"schemaVersion\":99," + ok + "}",
                "{\"schemaVersion\":\"1\"," + ok + "}",
                "{\"schemaVersion\":1.0," + ok + "}",
                "{\"schemaVersion\":null," + ok + "}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":123,\"createdAt\":\"2026-11-27T08:00:00Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":true,\"createdAt\":\"2026-11-27T08:00:00Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":1764230400}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-11-27T09:00:00+01:00\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\" 2026-11-27T08:00:00Z \"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-11-27T08:00:00.Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-13-27T08:00:00Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-04-31T08:00:00Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2025-02-29T08:00:00Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-11-27T24:00:00Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-12-31T23:59:60Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-11-27T08:60:00Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-00-27T08:00:00Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-11-27T08:00:00.1234567890Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-11-27t08:00:00z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-11-27T08:00:00.123456789Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"+12026-11-27T08:00:00Z\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"1\"}",
                "{\"schemaVersion\":1,\"id\":\"1\",\"createdAt\":\"2026-11-27T08:00:00Z\"}",
                "{\"schemaVersion\":1,\"platform\":\" \",\"id\":\"1\",\"createdAt\":\"2026-11-27T08:00:00Z\"}",
                "{\"schemaVersion\":1," + ok + ",\"id\":\"2\"}",
                "{\"schemaVersion\":1," + ok + ",\"unknown\":{\"a\":[1,2,{\"b\":null}]},\"x\":3}",
                "{\"schemaVersion\":1," + ok + "} trailing garbage",
                "{\"schemaVersion\":1," + ok + "}{\"second\":1}",
                "{\"schemaVersion\":1," + ok + ",\"text\":null,\"author\":null,\"engagement\":null,\"sentiment\":null}",
                "{\"schemaVersion\":1," + ok + ",\"author\":{}}",
                "{\"schemaVersion\":1," + ok + ",\"author\":{\"followers\":\"12\"}}",
                "{\"schemaVersion\":1," + ok + ",\"author\":{\"followers\":1.5}}",
                "{\"schemaVersion\":1," + ok + ",\"author\":{\"followers\":null}}",
                "{\"schemaVersion\":1," + ok + ",\"author\":{\"followers\":99999999999999999999999}}",
                "{\"schemaVersion\":1," + ok + ",\"author\":{\"handle\":\"a\",\"handle\":\"b\"}}",
                "{\"schemaVersion\":1," + ok + ",\"author\":\"someone\"}",
                "{\"schemaVersion\":1," + ok + ",\"engagement\":{\"likes\":-1,\"quotes\":7,\"other\":[]}}",
                "{\"schemaVersion\":1," + ok + ",\"matchedBrands\":[\"a\",null]}",
                "{\"schemaVersion\":1," + ok + ",\"matchedBrands\":\"a\"}",
                "{\"schemaVersion\":1," + ok + ",\"matchedBrands\":[\"a\",\"b\"]}",
                "{\"schemaVersion\":1," + ok + ",\"sentiment\":{\"score\":-0.5,\"label\":\"NEGATIVE\",\"confidence\":1}}",
                "{\"schemaVersion\":1," + ok + ",\"sentiment\":{\"score\":-2,\"label\":\"NEGATIVE\",\"confidence\":1}}",
                "{\"schemaVersion\":1," + ok + ",\"sentiment\":{\"score\":0,\"label\":\"negative\",\"confidence\":1}}",
                "{\"schemaVersion\":1," + ok + ",\"sentiment\":{\"score\":0,\"label\":1,\"confidence\":1}}",
                "{\"schemaVersion\":1," + ok + ",\"sentiment\":{\"score\":0,\"confidence\":1}}",
                "{\"schemaVersion\":1," + ok + ",\"sentiment\":{\"score\":\"0.5\",\"label\":\"NEUTRAL\",\"confidence\":1}}",
                "{\"schemaVersion\":1," + ok + ",\"text\":\"" + "x".repeat(100_001) + "\"}",
                "{\"schemaVersion\":1," + ok + ",\"deep\":" + "[".repeat(100) + "]".repeat(100) + "}",
                "{\"schemaVersion\":1," + ok + ",\"text\":\"unterminated}",
                "\uFEFF{\"schemaVersion\":1," + ok + "}"));
        for (String in : inputs) {
            byte[] bytes = in.getBytes(StandardCharsets.UTF_8);
            Mention expected;
            try {
                expected = Topics.MENTION_SERDE.fromBytes(bytes);
            } catch (SerializationException e) {
                assertThatThrownBy(() -> MentionCodec.read(bytes)).as(in).isInstanceOf(SerializationException.class)
                        .hasMessage(e.getMessage());
                continue;
            }
            assertThat(MentionCodec.read(bytes)).as(in).isEqualTo(expected);
        }
        byte[] oversized = new byte[2_000_000];
        assertThatThrownBy(() -> MentionCodec.read(oversized)).hasMessageContaining("exceeds the limit");
        assertThat(MentionCodec.read(null)).isNull();
    }

    @Test
    void instantsAreWrittenAsInstantToStringWritesThemAndReadBackExactly() {
        Random r = new Random(11);
        List<Instant> samples = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.100Z"),
                Instant.parse("2024-02-29T12:00:00.000001Z"), Instant.parse("-0001-06-01T00:00:00Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX));
        for (int i = 0; i < 20_000; i++) {
            long secs = r.nextLong() % 400_000_000_000L;
            int nanos = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            samples.add(Instant.ofEpochSecond(secs, nanos));
        }
        for (Instant at : samples) {
            assertThat(MentionCodec.instant(at)).isEqualTo(at.toString());
            Mention m = new Mention(1, "demo", "x", null, null, "t", null, at, null, null, null, null, null, null, null);
            byte[] bytes = Topics.MENTION_SERDE.toBytes(m);
            assertThat(MentionCodec.write(m)).isEqualTo(bytes);
            assertThat(MentionCodec.read(bytes)).isEqualTo(m);
        }
    }

    private static Mention random(Random r, int i) {
        Instant created = Instant.ofEpochSecond(1_700_000_000L + r.nextInt(100_000_000), r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000));
        Mention.Author author = switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> new Mention.Author(null, null, null, -1);
            default -> new Mention.Author("id" + i, "@user" + i, r.nextBoolean() ? "Anna Müller \"AM\"" : null, r.nextInt(1_000_000));
        };
        Mention.Engagement engagement = r.nextBoolean() ? null
                : new Mention.Engagement(r.nextInt(100) - 1, r.nextLong(), r.nextInt(5), Long.MIN_VALUE + r.nextInt(3));
        Sentiment sentiment = r.nextBoolean() ? null
                : new Sentiment(r.nextDouble() * 2 - 1, Sentiment.Label.values()[r.nextInt(3)], r.nextInt(5) == 0 ? 1 : r.nextDouble());
        List<String> brands = switch (r.nextInt(3)) {
            case 0 -> null;
            case 1 -> List.of("nordbahn");
            default -> List.of("nordbahn", "kaffee-kult");
        };
        return new Mention(1, r.nextBoolean() ? "demo" : "bluesky", "p" + i, r.nextBoolean() ? null : "https://example.org/" + i,
                author, r.nextInt(5) == 0 ? null : TEXTS[r.nextInt(TEXTS.length)], r.nextBoolean() ? null : "de",
                created, r.nextBoolean() ? null : created.plusMillis(1234), engagement, r.nextBoolean() ? null : "r" + i,
                r.nextInt(4) == 0 ? "q" : null, null, brands, sentiment);
    }
}
