package io.monitor.api.mentions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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

    private final String bootstrapServers;
    private final MentionStore store;
    private final long lookBack;
    private final Counter read;
    private final Counter invalid;
    private final Counter ignored;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    // rate-limited warning state (feed thread only)
    private long nextWarnNanos = System.nanoTime();
    private long suppressed;

    public MentionFeed(String bootstrapServers, MentionStore store, long lookBack, MeterRegistry meters) {
        this.bootstrapServers = bootstrapServers;
        this.store = store;
        this.lookBack = lookBack;
        this.read = Counter.builder("monitor.api.mentions.records")
                .description("enriched mentions added to the recent-mentions view").register(meters);
        this.invalid = Counter.builder("monitor.api.mentions.records.invalid")
                .description("enriched-mention records that could not be read and were skipped").register(meters);
        this.ignored = Counter.builder("monitor.api.mentions.records.ignored")
                .description("enriched mentions of brands this API does not configure").register(meters);
    }

    /**
     * Records to re-read per partition at start: enough to fill every brand's ring even when all configured brands
     * share one partition ({@code capacity × brands}), at most {@link #MAX_LOOK_BACK}.
     */
    public static long lookBack(int capacity, int brands) {
        return Math.min(MAX_LOOK_BACK, (long) capacity * Math.max(1, brands));
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "monitor-api-mention-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** True once the look-back window of every partition has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        while (running) {
            try {
                consume();
            } catch (WakeupException e) {
                if (running) {
                    LOG.error("mention feed consumer woken up unexpectedly; restarting it", e);
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                // Re-reading the look-back window is safe: the store replaces a post it already holds.
                LOG.error("mention feed consumer failed; restarting it in 5 s (recent mentions are not updated "
                        + "meanwhile)", e);
            }
            if (running) {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void consume() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "monitor-api-mention-feed");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            List<TopicPartition> partitions = waitForPartitions(c);
            if (partitions == null) {
                return;
            }
            c.assign(partitions);
            Map<TopicPartition, Long> begin = c.beginningOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
            for (TopicPartition p : partitions) {
                c.seek(p, Math.max(begin.getOrDefault(p, 0L), end.getOrDefault(p, 0L) - lookBack));
            }
            LOG.info("reading recent mentions from {} (last {} records per partition, up to {})",
                    Topics.MENTIONS_ENRICHED, lookBack, end);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
                if (!caughtUp && reached(c, end)) {
                    caughtUp = true;
                    LOG.info("recent-mentions view is loaded");
                }
            }
        } finally {
            consumer = null;
        }
    }

    private List<TopicPartition> waitForPartitions(KafkaConsumer<byte[], byte[]> c) {
        boolean warned = false;
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(Topics.MENTIONS_ENRICHED.name(), Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> out = new ArrayList<>();
                infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
                return out;
            }
            if (!warned) {
                LOG.warn("topic {} does not exist yet on {}; waiting for it to be created", Topics.MENTIONS_ENRICHED,
                        bootstrapServers);
                warned = true;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
            if (c.position(t.getKey()) < t.getValue()) {
                return false;
            }
        }
        return true;
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
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (t != null) {
            if (c == null) {
                t.interrupt();
            }
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
