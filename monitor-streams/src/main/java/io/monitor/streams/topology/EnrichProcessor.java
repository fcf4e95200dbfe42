package io.monitor.streams.topology;

import io.monitor.core.kafka.Topics;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.SentimentScorer;
import io.monitor.streams.query.Document;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step, on raw bytes so that nothing unreadable stops the stream: decode (else dead letter), drop
 * re-ingested duplicates, match brands (unmatched are counted and dropped), detect the language when the connector
 * gave none, score sentiment, and forward one copy per matched brand keyed by brand id.
 *
 * <p>Brands come from the {@link BrandCatalog} (configured brands overlaid with {@code monitor.brands}), asked per
 * record: a change takes effect with the next mention, and the matcher's index is rebuilt once per change. The
 * task of partition 0 also writes the catalog's rejected brand definitions to the dead-letter topic, once each
 * (the offsets already reported are kept in a changelogged store, so a restart does not report them again).
 *
 * <p>Cost (see {@code BrokerThroughputBench}, {@code MentionCodecBench}): decoding goes through {@link MentionCodec}
 * (token stream, the serde's exact results, about 1.9x faster than data binding).
 */
final class EnrichProcessor implements Processor<String, byte[], String, Routed> {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichProcessor.class);

    /**
     * The children this step forwards to by name (see {@link Topologies}), in the order they were forwarded to before
     * (through a branch): a dead letter goes to the first two, an enriched mention to the last two.
     */
    static final String DEAD_LETTER_VALUE = "dead-letter-value";
    static final String PLANNED_EVENT_DEAD_LETTERS = "planned-event-dead-letters";
    static final String MENTION_VALUE = "mention-value";
    static final String BRAND_PROJECTION = "brand-projection";

    /** How often the partition-0 task looks for rejected brand definitions while no mention arrives. */
    static final Duration REJECTION_CHECK = Duration.ofSeconds(1);

    private final BrandCatalog catalog;
    private final SentimentScorer scorer;
    private final LanguageDetector languages;
    private final TopologyMetrics metrics;
    private final String dedupStore;
    private final String rejectionsStore;
    private final long dedupMs;
    private ProcessorContext<String, Routed> context;
    private WindowStore<String, Long> seen;
    private KeyValueStore<String, Long> reported;
    private boolean reportsRejections;

    EnrichProcessor(BrandCatalog catalog, SentimentScorer scorer, LanguageDetector languages, TopologyMetrics metrics,
                    String dedupStore, Duration dedupRetention, String rejectionsStore) {
        this.catalog = catalog;
        this.scorer = scorer;
        this.languages = languages;
        this.metrics = metrics;
        this.dedupStore = dedupStore;
        this.rejectionsStore = rejectionsStore;
        this.dedupMs = Math.max(1, dedupRetention.toMillis());
    }

    /** Retention of the dedup store: a lookup reaches {@code dedupRetention} before and after a record's time. */
    static Duration dedupStoreRetention(Duration dedupRetention) {
        return dedupRetention.multipliedBy(2);
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.seen = context.getStateStore(dedupStore);
        this.reported = context.getStateStore(rejectionsStore);
        // One task in the whole group reports rejected brand definitions: the one of partition 0.
        this.reportsRejections = context.taskId().partition() == 0;
        if (reportsRejections) {
            context.schedule(REJECTION_CHECK, PunctuationType.WALL_CLOCK_TIME, now -> reportRejections());
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (reportsRejections && catalog.hasRejections()) {
            reportRejections();
        }
        Mention m;
        try {
            m = MentionCodec.read(record.value());
            if (m == null) {
                throw new SerializationException("empty record (null value): a mention is required");
            }
        } catch (SerializationException e) {
            dead(record, e.getMessage(), "decode");
            return;
        }
        if (duplicate(m.key(), record.timestamp())) {
            metrics.duplicate();
            return;
        }
        try {
            enrich(record, m);
        } catch (RuntimeException e) {
            // A scorer or detector failing on one odd text must not stop the stream; the record is kept for a person.
            LOG.warn("cannot enrich mention {}: {}", m.key(), e.toString());
            dead(record, "enrichment failed: " + e, "enrich");
        }
    }

    private void enrich(Record<String, byte[]> record, Mention m) {
        boolean hasLanguage = m.language() != null && !m.language().isBlank();
        Document doc = Document.of(m, () -> hasLanguage ? m.language() : languages.detect(m.text()));
        List<String> brands = catalog.matcher().match(doc);
        if (brands.isEmpty()) {
            metrics.unmatched(m.platform());
            return;
        }
        String language = doc.language(); // detected once: reused if a lang: query already asked
        Sentiment s = m.sentiment() != null ? m.sentiment() : scorer.score(m.text(), language);
        // One record instead of three withX copies: the same fields as m.withLanguage(..).withSentiment(..).withMatchedBrands(..).
        Mention enriched = new Mention(m.schemaVersion(), m.platform(), m.id(), m.url(), m.author(), m.text(), language,
                m.createdAt(), m.ingestedAt(), m.engagement(), m.replyTo(), m.quoteOf(), m.repostOf(), brands, s);
        for (String brand : brands) {
            metrics.matched(brand);
            Record<String, Routed> out = record.withKey(brand).withValue(Routed.ok(enriched));
            context.forward(out, MENTION_VALUE);
            context.forward(out, BRAND_PROJECTION);
        }
    }

    /**
     * Whether {@code key} was seen at a record time within {@code dedupRetention} of {@code timestamp}; records it
     * otherwise. (Three point lookups in hour buckets instead of this range scan were tried: twice as slow in
     * {@code TopologyBench}, so the scan stays.)
     */
    private boolean duplicate(String key, long timestamp) {
        try (WindowStoreIterator<Long> it = seen.fetch(key, timestamp - dedupMs, timestamp + dedupMs)) {
            if (it.hasNext()) {
                return true;
            }
        }
        seen.put(key, timestamp, timestamp);
        return false;
    }

    /** Writes the catalog's rejected brand definitions to the dead-letter topic, each record once. */
    private void reportRejections() {
        for (BrandCatalog.Rejection r : catalog.drainRejections()) {
            String key = r.partition() + ":" + (r.key() == null ? "" : r.key());
            Long last = reported.get(key);
            if (last != null && last >= r.offset() && r.offset() >= 0) {
                continue; // reported before a restart; the global store read the topic again
            }
            reported.put(key, r.offset());
            DeadLetter d = new DeadLetter(Topics.BRANDS.name(), r.partition(), r.offset(), r.key(), r.value(), r.reason(),
                    "monitor-streams/brands", Instant.ofEpochMilli(context.currentSystemTimeMs()));
            metrics.deadLetter("brands");
            forwardDead(new Record<>(Topics.BRANDS.name(), Routed.dead(d), context.currentSystemTimeMs()));
        }
    }

    private void dead(Record<String, byte[]> record, String reason, String stage) {
        String topic = Topics.MENTIONS_RAW.name();
        int partition = -1;
        long offset = -1;
        if (context.recordMetadata().isPresent()) {
            RecordMetadata md = context.recordMetadata().get();
            topic = md.topic();
            partition = md.partition();
            offset = md.offset();
        }
        String value = record.value() == null ? null : new String(record.value(), 0,
                Math.min(record.value().length, DeadLetter.MAX_VALUE_CHARS * 4), StandardCharsets.UTF_8);
        DeadLetter d = new DeadLetter(topic, partition, offset, record.key(), value, reason, "monitor-streams/" + stage,
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        metrics.deadLetter(stage);
        LOG.warn("dead letter from {}-{}@{}: {}", topic, partition, offset, reason);
        forwardDead(record.withKey(topic).withValue(Routed.dead(d)));
    }

    private void forwardDead(Record<String, Routed> dead) {
        context.forward(dead, DEAD_LETTER_VALUE);
        context.forward(dead, PLANNED_EVENT_DEAD_LETTERS);
    }
}
