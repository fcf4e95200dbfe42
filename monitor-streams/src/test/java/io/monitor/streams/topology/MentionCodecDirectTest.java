package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The byte-level reader ({@link MentionCodec#direct}) against the token-stream reader it sits in front of
 * ({@link MentionCodec#fast}) and the serde behind both: on the serde's own bytes it must be taken and give the same
 * record; on mutated, hostile and malformed bytes it either gives exactly what the token-stream path gives or declines
 * (null), and {@link MentionCodec#read} always ends with the serde's record or the serde's error message.
 */
class MentionCodecDirectTest {
    private static final String[] TEXTS = {"", "nordbahn kaputt", "quote \" backslash \\ slash / done",
        "tab\there\nnewline\r\b\f \u0001 control \u001f \u007f del \u2028 separator", "Straße München Ärger ß",
        "emoji 👍🏽 and 中文 and 𝄞", "lone \uD800 high and \uDC00 low and reversed \uDC00\uD800", "nul \u0000 inside",
        "x".repeat(5000), "ü".repeat(3000), "\uFEFF bom inside", "€𐍈ǅ"};

    private static Mention random(Random r, int i) {
        Instant created = Instant.ofEpochSecond(1_700_000_000L + r.nextInt(100_000_000), r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000));
        Mention.Author author = switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> new Mention.Author(null, null, null, -1);
            default -> new Mention.Author("id" + i, "@user" + i, r.nextBoolean() ? "Anna Müller \"AM\" 😀" : null,
                    r.nextBoolean() ? r.nextInt(1_000_000) : r.nextLong());
        };
        Mention.Engagement engagement = r.nextBoolean() ? null
                : new Mention.Engagement(r.nextInt(100) - 1, r.nextLong(), r.nextInt(5), Long.MIN_VALUE + r.nextInt(3));
        Sentiment sentiment = r.nextInt(4) != 0 ? null
                : new Sentiment(r.nextDouble() * 2 - 1, Sentiment.Label.values()[r.nextInt(3)], r.nextDouble());
        List<String> brands = switch (r.nextInt(3)) {
            case 0 -> null;
            case 1 -> List.of("nordbahn");
            default -> List.of("nordbahn", "kaffee-kult", "ü😀");
        };
        return new Mention(1, r.nextBoolean() ? "demo" : "bluesky", "p" + i, r.nextBoolean() ? null : "https://example.org/" + i,
                author, r.nextInt(5) == 0 ? null : TEXTS[r.nextInt(TEXTS.length)], r.nextBoolean() ? null : "de",
                created, r.nextBoolean() ? null : created.plusMillis(1234), engagement, r.nextBoolean() ? null : "r" + i,
                r.nextInt(4) == 0 ? "q" : null, r.nextInt(4) == 0 ? "o" : null, brands, sentiment);
    }

    @Test
    void theSerdesOwnBytesTakeTheDirectPathAndReadAsTheTokenStreamPathReadsThem() {
        Random r = new Random(17);
        for (int i = 0; i < 3000; i++) {
            Mention m = random(r, i);
            byte[] bytes = Topics.MENTION_SERDE.toBytes(m);
            Mention direct = MentionCodec.direct(bytes);
            if (m.sentiment() == null) {
                assertThat(direct).as("direct path taken for %s", new String(bytes, StandardCharsets.UTF_8)).isNotNull();
            }
            if (direct != null) {
                assertThat(direct).isEqualTo(MentionCodec.fast(bytes)).isEqualTo(m);
            }
            assertThat(MentionCodec.read(bytes)).isEqualTo(m);
        }
    }

    /** Variations of valid JSON the serde does not write itself (escapes, whitespace, order) and broken bytes. */
    private static byte[] mutate(Random r, byte[] in) {
        String s = new String(in, StandardCharsets.UTF_8);
        switch (r.nextInt(16)) {
            case 0 -> s = s.replace(",", r.nextBoolean() ? " , " : ",\n\t");
            case 1 -> s = s.replace(":", " :\r\n ");
            case 2 -> s = s.replace("\"text\":\"", "\"text\":\"\\u00e4\\uD83D\\uDE00\\ud800 \\/ \\\"");
            case 3 -> s = s.replace("\"id\":", "\"i\\u0064\":");
            case 4 -> s = s.replace("\"schemaVersion\":1", "\"schemaVersion\":" + pick(r, "-0", "01", "1.0", "1e0", "1E0",
                    " 1", "-1", "2147483648", "12345678901234567890", "\"1\"", "null", "true", "1x"));
            case 5 -> s = s.replace("\"followers\":", "\"followers\":" + pick(r, "-0", "007", "1.5", "-", "1e3", "", "null ", "9"));
            case 6 -> s = s.replace("\"likes\":", "\"likes\":" + pick(r, "-0", "0", "00", "-9223372036854775808", "99999999999999999999"));
            case 7 -> s = s.replace("{\"schemaVersion\"", "{\"extra\":[1,{\"a\":null}],\"schemaVersion\"");
            case 8 -> s = s.replace("\"url\":", "\"text\":\"again\",\"url\":");
            case 9 -> s = "\uFEFF" + s;
            case 10 -> s = s + pick(r, " ", "\n", " x", "{}", "]");
            case 11 -> s = s.replace("\"matchedBrands\":[", "\"matchedBrands\":[null,");
            case 12 -> s = s.replace("\"text\":\"", "\"text\":\"\\x");
            case 13 -> s = s.replace("\"createdAt\":\"", "\"createdAt\":\"+");
            case 14 -> s = s.replace("\"author\":{", "\"author\":{\"id\":\"dup\",");
            default -> s = s.replace("\"sentiment\":null", "\"sentiment\":{\"score\":0.5,\"label\":\"POSITIVE\",\"confidence\":1}");
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(4) == 0) { // raw byte damage: invalid, overlong or surrogate UTF-8, raw controls, cut-offs
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = r.nextInt(b.length);
            out.write(b, 0, at);
            byte[][] junk = {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {0x01}, {'\n'}, {'"'}, {'\\'}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}};
            out.writeBytes(junk[r.nextInt(junk.length)]);
            if (r.nextInt(5) != 0) {
                out.write(b, at, b.length - at);
            }
            b = out.toByteArray();
        }
        return b;
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    @Test
    void mutatedAndMalformedBytesReadAsTheTokenStreamPathAndTheSerdeReadThem() {
        Random r = new Random(23);
        int taken = 0;
        for (int i = 0; i < 6000; i++) {
            byte[] bytes = mutate(r, Topics.MENTION_SERDE.toBytes(random(r, i)));
            Mention direct = MentionCodec.direct(bytes);
            if (direct != null) {
                taken++;
                assertThat(direct).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(MentionCodec.fast(bytes));
            }
            Mention expected;
            try {
                expected = Topics.MENTION_SERDE.fromBytes(bytes);
            } catch (SerializationException e) {
                assertThatThrownBy(() -> MentionCodec.read(bytes)).isInstanceOf(SerializationException.class)
                        .hasMessage(e.getMessage());
                continue;
            }
            assertThat(MentionCodec.read(bytes)).as(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(expected);
        }
        assertThat(taken).as("mutations the direct path still takes (whitespace, escapes)").isGreaterThan(500);
    }

    @Test
    void edgeCasesDeclineOrAgree() {
        String ok = "\"platform\":\"demo\",\"id\":\"1\",\"createdAt\":\"2026-11-27T08:00:00Z\"";
        List<String> inputs = new ArrayList<>(List.of("", "{", "{}", "[]", "null", "{\"schemaVersion\":1," + ok + "}",
                " \t\r\n{\"schemaVersion\":1," + ok + "} \n", "{\"schemaVersion\":1," + ok + ",\"text\":\"\\u12\"}",
                "{\"schemaVersion\":1," + ok + ",\"text\":\"\\uD83D\\uDE00\\uDE00\"}",
                "{\"schemaVersion\":1," + ok + ",\"author\":{}, \"engagement\":{}, \"matchedBrands\":[ ]}",
                "{\"schemaVersion\":1," + ok + ",\"author\":{\"followers\":1,\"followers\":2}}",
                "{\"schemaVersion\":1," + ok + ",\"author\":{\"nick\":\"x\"}}",
                "{\"schemaVersion\":1," + ok + ",\"engagement\":{\"likes\":1,}}",
                "{\"schemaVersion\":1," + ok + ",}",
                "{\"schemaVersion\":1," + ok + ",\"id\":\"" + "i".repeat(600_000) + "\"}",
                "{\"schemaVersion\":1,\"platform\":\"demo\",\"id\":\"" + "ü".repeat(520_000) + "\",\"createdAt\":\"2026-11-27T08:00:00Z\"}"));
        for (String in : inputs) {
            byte[] bytes = in.getBytes(StandardCharsets.UTF_8);
            Mention direct = MentionCodec.direct(bytes);
            if (direct != null) {
                assertThat(direct).as(in).isEqualTo(MentionCodec.fast(bytes));
            }
            Mention expected;
            try {
                expected = Topics.MENTION_SERDE.fromBytes(bytes);
            } catch (SerializationException e) {
                assertThatThrownBy(() -> MentionCodec.read(bytes)).isInstanceOf(SerializationException.class)
                        .hasMessage(e.getMessage());
                continue;
            }
            assertThat(MentionCodec.read(bytes)).as(in).isEqualTo(expected);
        }
        // taken: the serde's shape with whitespace around it, and empty author/engagement/brands
        assertThat(MentionCodec.direct(inputs.get(6).getBytes(StandardCharsets.UTF_8))).isNotNull();
        assertThat(MentionCodec.direct(inputs.get(9).getBytes(StandardCharsets.UTF_8))).isNotNull();
        // a string near the parser's length limit is left to it
        assertThat(MentionCodec.direct(inputs.get(14).getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void theDirectWriterWritesTheGeneratorsBytesForVariedAndHostileMentions() {
        Random r = new Random(31);
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x100; c++) {
            every.append(c);
        }
        String[] odd = {every.toString(), "\u2028\u2029\uFFFF\uFFFE\uE000\u07FF\u0800", "𝄞😀👍🏽", "a\uD83D\uDE00b", "\u007f"};
        int direct = 0;
        for (int i = 0; i < 5000; i++) {
            Mention m = random(r, i);
            if (r.nextInt(3) == 0) {
                m = new Mention(1, odd[r.nextInt(odd.length)], "id" + odd[r.nextInt(odd.length)], odd[r.nextInt(odd.length)],
                        new Mention.Author(odd[r.nextInt(odd.length)], null, odd[r.nextInt(odd.length)], Long.MIN_VALUE), odd[r.nextInt(odd.length)],
                        null, m.createdAt(), null, null, null, null, null, List.of(odd[r.nextInt(odd.length)], ""),
                        new Sentiment(r.nextBoolean() ? -1 : r.nextDouble() * 1e-5, Sentiment.Label.NEGATIVE, r.nextBoolean() ? 0 : 1e-300 * r.nextDouble()));
            }
            byte[] expected = MentionCodec.writeGenerator(m);
            byte[] fast = MentionCodec.writeDirect(m);
            if (fast == null) {
                assertThat(unpaired(m.toString())).as("declined only for an unpaired surrogate: %s", m).isTrue();
                continue;
            }
            direct++;
            assertThat(new String(fast, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(fast).isEqualTo(expected).isEqualTo(Topics.MENTION_SERDE.toBytes(m));
        }
        assertThat(direct).isGreaterThan(4000);
        for (int i = 0; i < 20_000; i++) { // doubles: Double.toString as the generator writes them
            double score = switch (r.nextInt(4)) {
                case 0 -> r.nextDouble() * 2 - 1;
                case 1 -> (r.nextDouble() * 2 - 1) * Math.pow(10, -r.nextInt(320));
                case 2 -> Math.round((r.nextDouble() * 2 - 1) * 1000) / 1000.0;
                default -> new double[] {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-3, 1e-4, 0.1 + 0.2}[r.nextInt(9)];
            };
            Mention m = new Mention(1, "demo", "x", null, null, "t", null, java.time.Instant.EPOCH, null, null, null, null, null,
                    null, new Sentiment(score, Sentiment.Label.NEUTRAL, Math.abs(score)));
            assertThat(MentionCodec.writeDirect(m)).as("score %s", score).isEqualTo(MentionCodec.writeGenerator(m));
        }
    }

    @Test
    void unpairedSurrogatesAreLeftToTheGenerator() {
        for (String text : List.of("lone \uD800 high", "lone \uDC00 low", "reversed \uDC00\uD800", "end \uD83D")) {
            Mention m = new Mention(1, "demo", "x", null, null, text, null, java.time.Instant.EPOCH, null, null, null, null,
                    null, null, null);
            assertThat(MentionCodec.writeDirect(m)).as(text).isNull();
            byte[] generator;
            try {
                generator = MentionCodec.writeGenerator(m);
            } catch (SerializationException e) {
                assertThatThrownBy(() -> MentionCodec.write(m)).isInstanceOf(SerializationException.class).hasMessage(e.getMessage());
                continue;
            }
            assertThat(MentionCodec.write(m)).isEqualTo(generator).isEqualTo(Topics.MENTION_SERDE.toBytes(m));
        }
    }

    private static boolean unpaired(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
