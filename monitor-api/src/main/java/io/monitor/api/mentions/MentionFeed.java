package io.monitor.api.mentions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.api.kafka.BackgroundTopicReader;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a {@link MentionStore} from {@code Topics.MENTIONS_ENRICHED} (key = brand id) with a plain consumer on one
 * background thread: all partitions assigned, no consumer group, {@code read_committed}.
 *
 * <p>Start-up stays fast whatever the topic's retention: each partition is read from its end minus a bounded look-back
 * ({@code lookBack} records, see {@link #lookBack(int, int)}), not from the beginning. The rings then hold the most
 * recent mentions that were still in that window; older ones are not loaded.
 *
 * <p>Records that cannot be read (bad JSON, unknown schema version, no key, tombstones) are skipped and counted in
 * {@code monitor.api.mentions.records.invalid}; a warning names the first such record and how many followed, at most
 * once per {@link #LOG_EVERY}, so a poisoned topic cannot flood the log. Mentions of brands this process does not
 * configure are ignored (counted in {@code monitor.api.mentions.records.ignored}).
 */
public final class MentionFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MentionFeed.class);
    static final Duration LOG_EVERY = Duration.ofMinutes(1);
    /** Upper bound of the per-partition look-back, whatever the brand count. */
    static final long MAX_LOOK_BACK = 50_000;

    private final MentionStore store;
    private final long lookBack;
    private final Counter read;
    private final Counter invalid;
    private final Counter ignored;
    private final BackgroundTopicReader reader;
    // rate-limited warning state (feed thread only)
    private long nextWarnNanos = System.nanoTime();
    private long suppressed;

    public MentionFeed(String bootstrapServers, MentionStore store, long lookBack, MeterRegistry meters) {
        this.store = store;
        this.lookBack = lookBack;
        this.read = Counter.builder("monitor.api.mentions.records")
                .description("enriched mentions added to the recent-mentions view").register(meters);
        this.invalid = Counter.builder("monitor.api.mentions.records.invalid")
                .description("enriched-mention records that could not be read and were skipped").register(meters);
        this.ignored = Counter.builder("monitor.api.mentions.records.ignored")
                .description("enriched mentions of brands this API does not configure").register(meters);
        // Re-reading the look-back window is safe: the store replaces a post it already holds.
        this.reader = new BackgroundTopicReader("mention feed", bootstrapServers,
                List.of(Topics.MENTIONS_ENRICHED.name()), "latest", "recent mentions are not updated", this::seek, this::apply, this::onCaughtUp,
                () -> { });
    }

    /**
     * Records to re-read per partition at start: enough to fill every brand's ring even when all configured brands
     * share one partition ({@code capacity × brands}), at most {@link #MAX_LOOK_BACK}.
     */
    public static long lookBack(int capacity, int brands) {
        return Math.min(MAX_LOOK_BACK, (long) capacity * Math.max(1, brands));
    }

    public void start() {
        reader.start();
    }

    /** True once the look-back window of every partition has been read. */
    public boolean caughtUp() {
        return reader.caughtUp();
    }

    private Map<TopicPartition, Long> seek(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> begin = c.beginningOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
        for (TopicPartition p : partitions) {
            c.seek(p, Math.max(begin.getOrDefault(p, 0L), end.getOrDefault(p, 0L) - lookBack));
        }
        LOG.info("reading recent mentions from {} (last {} records per partition, up to {})",
                Topics.MENTIONS_ENRICHED, lookBack, end);
        return end;
    }

    private void onCaughtUp() {
        LOG.info("recent-mentions view is loaded");
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        String brand;
        Mention m;
        try {
            brand = Topics.MENTIONS_ENRICHED.keySerde().deserializer().deserialize(r.topic(), r.key());
            if (brand == null || r.value() == null) {
                throw new IllegalArgumentException(brand == null ? "no key (the brand id)" : "no value");
            }
            m = Topics.MENTIONS_ENRICHED.valueSerde().deserializer().deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            invalid.increment();
            warnRateLimited(r, e);
            return;
        }
        if (store.add(brand, m)) {
            read.increment();
        } else {
            ignored.increment();
        }
    }

    private void warnRateLimited(ConsumerRecord<byte[], byte[]> r, RuntimeException e) {
        long now = System.nanoTime();
        if (now - nextWarnNanos < 0) {
            suppressed++;
            return;
        }
        LOG.warn("skipping unreadable enriched mention {}-{}@{}: {}{}", r.topic(), r.partition(), r.offset(),
                e.getMessage(), suppressed == 0 ? "" : " (" + suppressed + " more skipped since the last warning; "
                        + "see metric monitor.api.mentions.records.invalid)");
        suppressed = 0;
        nextWarnNanos = now + LOG_EVERY.toNanos();
    }

    @Override
    public void close() {
        reader.close();
    }
}
