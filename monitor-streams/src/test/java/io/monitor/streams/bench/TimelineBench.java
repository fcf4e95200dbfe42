package io.monitor.streams.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.streams.topology.BrandMention;
import io.monitor.streams.topology.TimelineCounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the timeline's authors, reach and terms add per mention, in one JVM with the old and the new way measured in
 * alternating rounds (best of 8, CPU time of this thread), so a machine shared with other work slows both alike:
 * <ul>
 *   <li>the projection across the by-brand repartition of a non-negative mention: without author and terms (as
 *   before) against with them (term extraction included), serialised and read back, and its bytes;</li>
 *   <li>the 1-minute aggregate's step per mention (the Streams cache holds bytes: decode, add, encode): the five
 *   counts as JSON (as before) against the binary value with sketches, for a quiet window (20 mentions, exact
 *   authors) and a busy one (5,000 mentions of 2,000 authors: the distinct count in registers, every top list full);</li>
 *   <li>the roll-up: a 5-minute window merged from five busy minutes (once per pending window and roll-up, not per
 *   mention).</li>
 * </ul>
 *
 * <pre>java -cp (classpath as for {@link TopologyBench}) io.monitor.streams.bench.TimelineBench 50000</pre>
 */
public final class TimelineBench {
    private static final String[] WORDS = ("heute morgen zug bahn verspätung kaffee handy akku laden service hotline"
            + " schlecht super danke wieder kaputt warum immer noch keine antwort the train is late again phone battery"
            + " great coffee shop berlin münchen hamburg köln straße wetter fußball #nordbahn #streik #bahnchaos #kaffee"
            + " stellwerk weiche signal störung ausfall ersatzverkehr pendler kiel lübeck flensburg").split(" ");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private TimelineBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        Random r = new Random(4);
        Instant t0 = Instant.parse("2026-11-27T08:00:00Z");
        List<Mention> mentions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder text = new StringBuilder("Nordbahn");
            for (int w = 0, len = 8 + r.nextInt(20); w < len; w++) {
                text.append(' ').append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(8) == 0 ? r.nextInt(500) : "");
            }
            mentions.add(new Mention(1, "bluesky", "m" + i, "https://example.org/" + i,
                    new Mention.Author("did:plc:" + i % 2000, "user" + i % 2000 + ".bsky.social", null, i % 5000),
                    text.toString(), "de", t0, t0, null, null, null, null, List.of("nordbahn"),
                    new Sentiment(0.1, Sentiment.Label.NEUTRAL, 0.8)));
        }
        Serde<BrandMention> projection = BrandMention.SERDE;
        Serde<TimelineCounts> codec = TimelineCounts.serde();
        List<BrandMention> projected = new ArrayList<>();
        for (Mention m : mentions) {
            projected.add(BrandMention.of(m));
        }
        TimelineCounts busy = new TimelineCounts();
        TimelineCounts quiet = new TimelineCounts();
        for (int i = 0; i < 5000; i++) {
            busy.add(projected.get(i));
        }
        for (int i = 0; i < 20; i++) {
            quiet.add(projected.get(i));
        }
        byte[] busyBytes = codec.serializer().serialize("t", busy);
        byte[] quietBytes = codec.serializer().serialize("t", quiet);
        byte[] oldBytes = oldWrite(5, 1, 3, 1, 0.4);
        List<byte[]> fiveMinutes = List.of(busyBytes, busyBytes, busyBytes, busyBytes, busyBytes);

        double[] best = new double[7];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        long sink = 0;
        long oldProjectionBytes = 0;
        long newProjectionBytes = 0;
        for (int round = 0; round < 8; round++) {
            long t = cpu();
            for (Mention m : mentions) { // as before: no author, platform or terms for a non-negative mention
                Sentiment s = m.sentiment();
                byte[] b = projection.serializer().serialize("t", new BrandMention(s.label(), s.score(),
                        m.author().followers(), m.engagement().total(), null, null));
                oldProjectionBytes = b.length;
                sink += projection.deserializer().deserialize("t", b).followers();
            }
            best[0] = Math.min(best[0], (cpu() - t) / (double) n);
            t = cpu();
            for (Mention m : mentions) {
                byte[] b = projection.serializer().serialize("t", BrandMention.of(m));
                newProjectionBytes += b.length;
                sink += projection.deserializer().deserialize("t", b).terms().size();
            }
            best[1] = Math.min(best[1], (cpu() - t) / (double) n);
            t = cpu();
            for (BrandMention m : projected) { // as before: five counts as JSON (the earlier codec's fast path)
                TimelineCounts c = codec.deserializer().deserialize("t", oldBytes);
                c.volume++;
                c.sentimentSum += m.score();
                sink += oldWrite(c.volume, c.negative, c.neutral, c.positive, c.sentimentSum).length;
            }
            best[2] = Math.min(best[2], (cpu() - t) / (double) n);
            t = cpu();
            for (BrandMention m : projected) {
                sink += codec.serializer().serialize("t", codec.deserializer().deserialize("t", quietBytes).add(m)).length;
            }
            best[3] = Math.min(best[3], (cpu() - t) / (double) n);
            t = cpu();
            for (BrandMention m : projected) {
                sink += codec.serializer().serialize("t", codec.deserializer().deserialize("t", busyBytes).add(m)).length;
            }
            best[4] = Math.min(best[4], (cpu() - t) / (double) n);
            t = cpu();
            int merges = Math.max(1, n / 100);
            for (int i = 0; i < merges; i++) {
                TimelineCounts sum = new TimelineCounts();
                for (byte[] b : fiveMinutes) {
                    sum.merge(codec.deserializer().deserialize("t", b));
                }
                sink += codec.serializer().serialize("t", sum).length;
            }
            best[5] = Math.min(best[5], (cpu() - t) / (double) merges);
        }
        System.out.printf(Locale.ROOT, "projection of a non-negative mention, serialised and read back: %.2f µs without author"
                        + " and terms (%d bytes), %.2f µs with them (%.1f bytes on average)%n", best[0] / 1e3,
                oldProjectionBytes, best[1] / 1e3, newProjectionBytes / 8.0 / n);
        System.out.printf(Locale.ROOT, "1-minute aggregate step per mention (decode, add, encode): %.2f µs as five JSON"
                        + " counts, %.2f µs with sketches in a quiet window (%d bytes), %.2f µs in a busy one (%d bytes)%n",
                best[2] / 1e3, best[3] / 1e3, quietBytes.length, best[4] / 1e3, busyBytes.length);
        System.out.printf(Locale.ROOT, "roll-up of one 5-minute window from five busy minutes: %.1f µs (sink %d)%n",
                best[5] / 1e3, sink % 10);
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** The earlier codec's JSON value, written as it wrote it (Jackson's generator). */
    private static byte[] oldWrite(long volume, long negative, long neutral, long positive, double sentimentSum) {
        try (ByteArrayBuilder out = new ByteArrayBuilder((BufferRecycler) null, 128);
             JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("volume", volume);
            g.writeNumberField("negative", negative);
            g.writeNumberField("neutral", neutral);
            g.writeNumberField("positive", positive);
            g.writeNumberField("sentimentSum", sentimentSum);
            g.writeEndObject();
            g.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
