package io.monitor.streams.topology;

import io.monitor.core.kafka.Topics;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.SentimentScorer;
import io.monitor.streams.query.BrandMatcher;
import io.monitor.streams.query.Document;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step, on raw bytes so that nothing unreadable stops the stream: decode (else dead letter), drop
 * re-ingested duplicates, match brands (unmatched are counted and dropped), detect the language when the connector
 * gave none, score sentiment, and forward one copy per matched brand keyed by brand id.
 */
final class EnrichProcessor implements Processor<String, byte[], String, Routed> {
    private static final Logger LOG = LoggerFactory.getLogger(EnrichProcessor.class);

    private final BrandMatcher matcher;
    private final SentimentScorer scorer;
    private final LanguageDetector languages;
    private final TopologyMetrics metrics;
    private final String dedupStore;
    private final long dedupMs;
    private ProcessorContext<String, Routed> context;
    private WindowStore<String, Long> seen;

    EnrichProcessor(BrandMatcher matcher, SentimentScorer scorer, LanguageDetector languages, TopologyMetrics metrics,
                    String dedupStore, Duration dedupRetention) {
        this.matcher = matcher;
        this.scorer = scorer;
        this.languages = languages;
        this.metrics = metrics;
        this.dedupStore = dedupStore;
        this.dedupMs = dedupRetention.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
        this.seen = context.getStateStore(dedupStore);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Mention m;
        try {
            m = Topics.MENTION_SERDE.fromBytes(record.value());
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
        List<String> brands = matcher.match(doc);
        if (brands.isEmpty()) {
            metrics.unmatched(m.platform());
            return;
        }
        String language = doc.language(); // detected once: reused if a lang: query already asked
        Sentiment s = m.sentiment() != null ? m.sentiment() : scorer.score(m.text(), language);
        Mention enriched = m.withLanguage(language).withSentiment(s).withMatchedBrands(brands);
        for (String brand : brands) {
            metrics.matched(brand);
            context.forward(record.withKey(brand).withValue(Routed.ok(enriched)));
        }
    }

    /** Whether {@code key} was seen within the dedup retention; records it otherwise. */
    private boolean duplicate(String key, long timestamp) {
        try (WindowStoreIterator<Long> it = seen.fetch(key, timestamp - dedupMs, timestamp + dedupMs)) {
            if (it.hasNext()) {
                return true;
            }
        }
        seen.put(key, timestamp, timestamp);
        return false;
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
        context.forward(record.withKey(topic).withValue(Routed.dead(d)));
    }
}
