package io.monitor.api.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
 * Reads a fixed set of topics into an in-memory view on one daemon thread: a plain consumer (all partitions assigned,
 * no consumer group, {@code read_committed}, no commits) that waits for the topics to exist, lets its {@link Seek}
 * choose where each partition starts, hands every record to {@code apply}, and reports once it has reached the end
 * offsets the seek named ("caught up"). A failing consumer is closed and restarted after 5 s; {@link #close()}
 * wakes the consumer (or interrupts the back-off sleep) and joins the thread.
 *
 * <p>Used by {@code AlertStore} and {@code MentionFeed}; the owner's {@code apply} decides what a record means and how
 * an unreadable one is counted and logged (the reader never sees a deserialization error).
 */
public final class BackgroundTopicReader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTopicReader.class);
    private static final long RESTART_AFTER_MILLIS = 5000;

    /** Positions the freshly assigned consumer and returns the offsets at which the view counts as complete. */
    @FunctionalInterface
    public interface Seek {
        Map<TopicPartition, Long> seek(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions);
    }

    private final String name;
    private final String bootstrapServers;
    private final List<String> topics;
    private final String autoOffsetReset;
    private final String staleWhileDown;
    private final Seek seek;
    private final Consumer<ConsumerRecord<byte[], byte[]>> apply;
    private final Runnable onCaughtUp;
    private final Runnable afterPoll;
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    /**
     * @param name            short name for the thread, client id and log lines, e.g. {@code "alert store"}
     * @param autoOffsetReset {@code earliest} or {@code latest}, for partitions {@code seek} does not position
     * @param staleWhileDown  what is out of date while the consumer restarts, for the error log line
     * @param apply           applies one record; must not throw for bad content (count and log it instead)
     * @param onCaughtUp      runs once, the first time every partition reached the offsets {@code seek} returned
     * @param afterPoll       runs after every poll, e.g. for periodic housekeeping
     */
    public BackgroundTopicReader(String name, String bootstrapServers, List<String> topics, String autoOffsetReset,
            String staleWhileDown, Seek seek, Consumer<ConsumerRecord<byte[], byte[]>> apply, Runnable onCaughtUp,
            Runnable afterPoll) {
        this.name = name;
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
        this.autoOffsetReset = autoOffsetReset;
        this.staleWhileDown = staleWhileDown;
        this.seek = seek;
        this.apply = apply;
        this.onCaughtUp = onCaughtUp;
        this.afterPoll = afterPoll;
    }

    private String clientId() {
        return "monitor-api-" + name.replace(' ', '-');
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, clientId());
        thread.setDaemon(true);
        thread.start();
    }

    /** True once everything up to the offsets {@code seek} named has been applied. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        while (running) {
            try {
                consume();
            } catch (WakeupException e) {
                if (running) {
                    LOG.error("{} consumer woken up unexpectedly; restarting it", name, e);
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                return;
            } catch (RuntimeException e) {
                // Re-reading is safe: each owner's view is idempotent for records it already applied.
                LOG.error("{} consumer failed; restarting it in 5 s ({} meanwhile)", name, staleWhileDown, e);
            }
            if (running) {
                try {
                    Thread.sleep(RESTART_AFTER_MILLIS);
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
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
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
            Map<TopicPartition, Long> targets = seek.seek(c, partitions);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    apply.accept(r);
                }
                if (!caughtUp && reached(c, targets)) {
                    caughtUp = true;
                    onCaughtUp.run();
                }
                afterPoll.run();
            }
        } finally {
            consumer = null;
        }
    }

    /** All partitions of all topics, waiting while a topic does not exist yet; null when closed meanwhile. */
    private List<TopicPartition> waitForPartitions(KafkaConsumer<byte[], byte[]> c) {
        boolean warned = false;
        while (running) {
            List<TopicPartition> out = new ArrayList<>();
            boolean complete = true;
            for (String topic : topics) {
                List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
                if (infos == null || infos.isEmpty()) {
                    complete = false;
                } else {
                    infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            if (complete) {
                return out;
            }
            if (!warned) {
                LOG.warn("{}: topics {} do not all exist yet on {}; waiting for them to be created", name, topics,
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
                t.interrupt(); // ends a restart back-off sleep at once (a consumer is ended by wakeup, not interrupts)
            }
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
