package io.monitor.streams.bench;

import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.streams.query.BrandMatcher;
import io.monitor.streams.query.Document;
import io.monitor.streams.topology.BrandMention;
import io.monitor.streams.topology.MentionCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-mention parts of the enrich step before the repartition, each timed alone over the {@link CrisisMix} input
 * (no Kafka, no store, no scorer or language detector): raw decode, query document, brand match, enriched encode,
 * projection and its serialisation. Best of a few rounds, nanoseconds per mention; for finding where the enrich
 * step's own time goes (compare builds with {@link TopologyCompareBench}).
 *
 * <pre>java -cp (classpath as for {@link TopologyBench}) io.monitor.streams.bench.EnrichPartsBench 30000 [crisis]</pre>
 */
public final class EnrichPartsBench {
    private EnrichPartsBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
        boolean crisis = args.length > 1 && args[1].equals("crisis");
        List<CrisisMix.Raw> raw = CrisisMix.raw(CrisisMix.mentions(2, n, Instant.parse("2026-11-27T08:00:00Z"), crisis), false);
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("nordbahn", "nordbahn OR #nordbahn OR @nordbahn");
        queries.put("fjordphone", "\"fjord phone\" OR fjordphone");
        queries.put("kaffeekult", "kaffeekult OR #kaffeekult");
        BrandMatcher matcher = BrandMatcher.of(queries);
        Sentiment neg = new Sentiment(-0.6, Sentiment.Label.NEGATIVE, 0.8);
        Sentiment neu = new Sentiment(0.0, Sentiment.Label.NEUTRAL, 0.5);
        List<Mention> decoded = new ArrayList<>();
        List<Document> docs = new ArrayList<>();
        List<Mention> enriched = new ArrayList<>();
        for (CrisisMix.Raw r : raw) {
            Mention m = MentionCodec.read(r.value());
            decoded.add(m);
            Document d = Document.of(m, () -> "de");
            docs.add(d);
            List<String> brands = matcher.match(d);
            if (!brands.isEmpty()) {
                enriched.add(m.withLanguage("de").withSentiment(m.text().contains("kaputt") ? neg : neu).withMatchedBrands(brands));
            }
        }
        String[] names = {"decode", "document", "match", "encode enriched", "projection", "projection serde"};
        double[] best = new double[names.length];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        long sink = 0;
        for (int round = 0; round < 10; round++) {
            long t = System.nanoTime();
            for (CrisisMix.Raw r : raw) {
                sink += MentionCodec.read(r.value()).id().length();
            }
            best[0] = Math.min(best[0], (System.nanoTime() - t) / (double) raw.size());
            t = System.nanoTime();
            for (Mention m : decoded) {
                sink += Document.of(m, () -> "de").hashCode();
            }
            best[1] = Math.min(best[1], (System.nanoTime() - t) / (double) raw.size());
            t = System.nanoTime();
            for (Document d : docs) {
                sink += matcher.match(d).size();
            }
            best[2] = Math.min(best[2], (System.nanoTime() - t) / (double) raw.size());
            t = System.nanoTime();
            for (Mention m : enriched) {
                sink += MentionCodec.write(m).length;
            }
            best[3] = Math.min(best[3], (System.nanoTime() - t) / (double) raw.size());
            t = System.nanoTime();
            List<BrandMention> projections = new ArrayList<>(enriched.size());
            for (Mention m : enriched) {
                projections.add(BrandMention.of(m));
            }
            best[4] = Math.min(best[4], (System.nanoTime() - t) / (double) raw.size());
            t = System.nanoTime();
            for (BrandMention p : projections) {
                sink += BrandMention.SERDE.serializer().serialize("t", p).length;
            }
            best[5] = Math.min(best[5], (System.nanoTime() - t) / (double) raw.size());
        }
        double sum = 0;
        for (int i = 0; i < names.length; i++) {
            System.out.printf(Locale.ROOT, "%-18s %6.0f ns per input mention%n", names[i], best[i]);
            sum += best[i];
        }
        System.out.printf(Locale.ROOT, "%-18s %6.0f ns (%d of %d mentions matched) [%d]%n", "sum", sum, enriched.size(),
                raw.size(), sink % 10);
    }
}
