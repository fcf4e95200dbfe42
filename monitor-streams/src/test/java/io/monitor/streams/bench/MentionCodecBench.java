package io.monitor.streams.bench;

import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.streams.topology.MentionCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Decoding and encoding of mention JSON in the enrich step: {@code Topics.MENTION_SERDE} (Jackson data binding)
 * against {@link MentionCodec} (token stream, same results), in one JVM with the two measured in alternating rounds,
 * so a machine shared with other work slows both alike. Prints nanoseconds per mention and the ratio.
 *
 * <pre>java -cp (classpath as for {@link TopologyBench}) io.monitor.streams.bench.MentionCodecBench 50000</pre>
 */
public final class MentionCodecBench {
    private MentionCodecBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        String[] texts = {"%s ist schon wieder zu spät, total ärgerlich", "Super Service heute von %s, danke!",
            "%s: neue Preise ab Montag", "Why is %s always late? Terrible.", "Loving my new %s, great battery 🔋👍"};
        Random r = new Random(3);
        Instant t0 = Instant.parse("2026-11-27T08:00:00Z");
        List<byte[]> raw = new ArrayList<>();
        List<Mention> enriched = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = t0.plusMillis(i * 37L);
            Mention m = new Mention(1, "demo", "m" + i, "https://example.org/" + i,
                    new Mention.Author("a" + i % 400, "user" + i % 400, null, i % 5000),
                    String.format(texts[r.nextInt(texts.length)], "Nordbahn"), null, at, at, null, null, null, null, null, null);
            raw.add(Topics.MENTION_SERDE.toBytes(m));
            enriched.add(m.withLanguage("de").withSentiment(new Sentiment(-0.4, Sentiment.Label.NEGATIVE, 0.8))
                    .withMatchedBrands(List.of("nordbahn")));
        }
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        long sink = 0;
        for (int round = 0; round < 8; round++) {
            long t = System.nanoTime();
            for (byte[] b : raw) {
                sink += Topics.MENTION_SERDE.fromBytes(b).id().length();
            }
            best[0] = Math.min(best[0], (System.nanoTime() - t) / (double) n);
            t = System.nanoTime();
            for (byte[] b : raw) {
                sink += MentionCodec.read(b).id().length();
            }
            best[1] = Math.min(best[1], (System.nanoTime() - t) / (double) n);
            t = System.nanoTime();
            for (Mention m : enriched) {
                sink += Topics.MENTION_SERDE.toBytes(m).length;
            }
            best[2] = Math.min(best[2], (System.nanoTime() - t) / (double) n);
            t = System.nanoTime();
            for (Mention m : enriched) {
                sink += MentionCodec.write(m).length;
            }
            best[3] = Math.min(best[3], (System.nanoTime() - t) / (double) n);
        }
        System.out.printf(Locale.ROOT, "decode: serde %.0f ns, codec %.0f ns per mention (%.2fx)%n", best[0], best[1], best[0] / best[1]);
        System.out.printf(Locale.ROOT, "encode: serde %.0f ns, codec %.0f ns per mention (%.2fx)   [%d]%n", best[2], best[3],
                best[2] / best[3], sink % 10);
    }
}
