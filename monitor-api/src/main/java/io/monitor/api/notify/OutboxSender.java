package io.monitor.api.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.DeadLetter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one channel's records of {@code Topics.NOTIFICATIONS_OUTBOX}, on its own thread with its own consumer
 * group ({@code monitor-api-notify-<channel>}): with several API instances each delivery is sent by the one instance
 * that owns its partition, and a slow or failing channel never holds up another channel.
 *
 * <p>Per partition, deliveries go strictly in offset order (so one incident's notifications keep their order). A
 * failed attempt is retried after {@link Backoff} (the consumer keeps polling meanwhile, so it stays in its group);
 * the partition's offset is committed only after the delivery succeeded, or was rejected by the receiver or given up
 * after {@code maxAttempts} and then logged and written to {@code Topics.DEAD_LETTERS}. A restart therefore resumes
 * with the first delivery not finished (at least once). Delivery ids already finished are skipped, so the copies two
 * API instances write for the same decision are sent once; to know them after a restart or rebalance, the sender
 * re-reads the last {@value #LOOKBACK} finished records of each partition it is assigned (ids only, nothing is sent).
 */
final class OutboxSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
    static final int MAX_BUFFERED = 200;
    static final int REMEMBERED_IDS = 10_000;
    /** How many finished records before the committed offset are re-read on assignment to learn their delivery ids. */
    static final int LOOKBACK = 500;

    private static final class Retry {
        int attempts;
        Instant nextAt = Instant.MIN;
    }

    private final String bootstrapServers;
    private final Channel channel;
    private final ChannelRules rules;
    private final Producer<String, DeadLetter> deadLetters;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Random random = new Random();
    private final String prefix;
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<String, String>>> pending = new HashMap<>();
    private final Map<TopicPartition, Retry> retries = new HashMap<>();
    /** Per partition: records below this offset were finished before the assignment; only their ids are noted. */
    private final Map<TopicPartition, Long> finishedBelow = new HashMap<>();
    private final Map<String, Boolean> delivered = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;

    OutboxSender(String bootstrapServers, Channel channel, ChannelRules rules, Producer<String, DeadLetter> deadLetters,
                 MeterRegistry meters, Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.channel = channel;
        this.rules = rules;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.clock = clock;
        this.prefix = channel.id() + ":";
        this.thread = new Thread(this::run, "monitor-notify-" + channel.id());
        this.thread.setDaemon(true);
    }

    static String groupId(String channelId) {
        return "monitor-api-notify-" + channelId;
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                consume();
            } catch (WakeupException | org.apache.kafka.common.errors.InterruptException e) {
                if (running) {
                    LOG.error("channel {}: outbox consumer interrupted unexpectedly; restarting it", channel.id());
                }
            } catch (RuntimeException e) {
                LOG.error("channel {}: outbox consumer failed; restarting it in 5 s (undelivered notifications stay in "
                        + "the outbox)", channel.id(), e);
                sleep(5000);
            }
        }
    }

    private void consume() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId(channel.id()),
                ConsumerConfig.CLIENT_ID_CONFIG, "monitor-api-notify-" + channel.id(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        pending.clear();
        retries.clear();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(config,
                Topics.NOTIFICATIONS_OUTBOX.keySerde().deserializer(),
                Topics.NOTIFICATIONS_OUTBOX.valueSerde().deserializer())) {
            consumer = c;
            if (!running) {
                return;
            }
            c.subscribe(List.of(Topics.NOTIFICATIONS_OUTBOX.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Whatever was not committed is the new owner's to deliver.
                    partitions.forEach(p -> {
                        pending.remove(p);
                        retries.remove(p);
                        finishedBelow.remove(p);
                    });
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // Re-read the tail of what is already finished, to learn its delivery ids: another instance may
                    // have written a copy of a finished delivery just after it (same decision, same id).
                    if (partitions.isEmpty()) {
                        return;
                    }
                    Map<TopicPartition, OffsetAndMetadata> committed = c.committed(java.util.Set.copyOf(partitions));
                    Map<TopicPartition, Long> beginning = c.beginningOffsets(partitions);
                    for (TopicPartition p : partitions) {
                        OffsetAndMetadata done = committed.get(p);
                        if (done != null) {
                            long from = Math.max(beginning.getOrDefault(p, 0L), done.offset() - LOOKBACK);
                            finishedBelow.put(p, done.offset());
                            c.seek(p, from);
                        }
                    }
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    onPartitionsRevoked(partitions);
                }
            });
            while (running) {
                for (ConsumerRecord<String, String> r : c.poll(pollTimeout())) {
                    pending.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), p -> new ArrayDeque<>()).add(r);
                }
                Map<TopicPartition, OffsetAndMetadata> skipped = new HashMap<>();
                for (Iterator<Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<String, String>>>> it =
                     pending.entrySet().iterator(); it.hasNext() && running; ) {
                    Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<String, String>>> e = it.next();
                    drain(c, e.getKey(), e.getValue(), skipped);
                }
                if (!skipped.isEmpty()) {
                    c.commitSync(skipped);
                }
                // Bounded memory: stop fetching a partition whose deliveries are stuck behind a retry.
                for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<String, String>>> e : pending.entrySet()) {
                    boolean paused = c.paused().contains(e.getKey());
                    if (!paused && e.getValue().size() >= MAX_BUFFERED) {
                        c.pause(List.of(e.getKey()));
                    } else if (paused && e.getValue().size() < MAX_BUFFERED / 2) {
                        c.resume(List.of(e.getKey()));
                    }
                }
            }
        } finally {
            consumer = null;
        }
    }

    private Duration pollTimeout() {
        Instant now = clock.instant();
        Duration wait = Duration.ofMillis(500);
        for (Map.Entry<TopicPartition, Retry> r : retries.entrySet()) {
            if (!pending.getOrDefault(r.getKey(), new ArrayDeque<>()).isEmpty()) {
                Duration d = Duration.between(now, r.getValue().nextAt);
                if (d.compareTo(wait) < 0) {
                    wait = d.isNegative() ? Duration.ZERO : d;
                }
            }
        }
        return wait;
    }

    /** Delivers the partition's buffered records in order until one has to wait for a retry. */
    private void drain(KafkaConsumer<String, String> c, TopicPartition tp, ArrayDeque<ConsumerRecord<String, String>> q,
                       Map<TopicPartition, OffsetAndMetadata> skipped) {
        long finished = finishedBelow.getOrDefault(tp, -1L);
        while (!q.isEmpty() && running) {
            ConsumerRecord<String, String> r = q.peek();
            if (r.offset() < finished) {
                q.poll();
                if (mine(r.key())) {
                    rememberId(r.value());
                }
                continue;
            }
            if (!mine(r.key())) {
                if (r.key() == null || r.key().indexOf(':') <= 0) {
                    // Written by something other than the outbox writer: no channel can ever deliver it.
                    LOG.warn("skipping outbox record {}-{}@{} without a 'channel:fingerprint' key (key: {}); "
                            + "only the API's outbox writer should write to {}", tp.topic(), tp.partition(), r.offset(),
                            r.key() == null ? "none" : "'" + r.key() + "'", tp.topic());
                }
                q.poll(); // another channel's delivery
                skipped.put(tp, new OffsetAndMetadata(r.offset() + 1));
                continue;
            }
            Delivery d;
            try {
                d = Json.MAPPER.readValue(r.value(), Delivery.class);
                if (d.incident() == null || d.deliveryId() == null || d.kind() == null) {
                    throw new IllegalArgumentException("deliveryId, kind and incident are required");
                }
            } catch (Exception e) {
                if (!deadLetter(r, "unreadable outbox record: " + e.getMessage())) {
                    return;
                }
                finish(c, tp, q, r, "invalid", skipped);
                continue;
            }
            if (delivered.containsKey(d.deliveryId())) {
                finish(c, tp, q, r, "duplicate", skipped);
                continue;
            }
            Retry retry = retries.computeIfAbsent(tp, p -> new Retry());
            if (clock.instant().isBefore(retry.nextAt)) {
                return;
            }
            Attempt a = channel.send(d);
            retry.attempts++;
            count(a.outcome().name().toLowerCase(java.util.Locale.ROOT));
            switch (a.outcome()) {
                case DELIVERED -> {
                    delivered.put(d.deliveryId(), Boolean.TRUE);
                    finish(c, tp, q, r, null, skipped);
                }
                case REJECTED -> {
                    delivered.put(d.deliveryId(), Boolean.TRUE);
                    LOG.warn("channel {} rejected notification {} ({} of incident {}): {}; not retrying. Check the "
                            + "receiver and the channel settings; the delivery is in {}", channel.id(), d.deliveryId(),
                            d.kind(), d.incident().fingerprint(), a.detail(), Topics.DEAD_LETTERS);
                    if (!deadLetter(r, "rejected by channel " + channel.id() + ": " + a.detail())) {
                        return;
                    }
                    finish(c, tp, q, r, null, skipped);
                }
                case RETRY -> {
                    if (retry.attempts >= rules.maxAttempts()) {
                        delivered.put(d.deliveryId(), Boolean.TRUE);
                        count("given_up");
                        LOG.warn("channel {}: giving up on notification {} ({} of incident {}) after {} attempts "
                                + "(last: {}); the delivery is in {}", channel.id(), d.deliveryId(), d.kind(),
                                d.incident().fingerprint(), retry.attempts, a.detail(), Topics.DEAD_LETTERS);
                        if (!deadLetter(r, "channel " + channel.id() + " gave up after " + retry.attempts
                                + " attempts: " + a.detail())) {
                            return;
                        }
                        finish(c, tp, q, r, null, skipped);
                    } else {
                        Duration wait = Backoff.delay(retry.attempts, rules.initialBackoff(), rules.maxBackoff(),
                                random.nextDouble());
                        retry.nextAt = clock.instant().plus(wait);
                        LOG.info("channel {}: attempt {} of notification {} failed ({}); retrying in {} ms",
                                channel.id(), retry.attempts, d.deliveryId(), a.detail(), wait.toMillis());
                        return;
                    }
                }
            }
        }
    }

    /** Keys are {@code channel:fingerprint}; fingerprints have no colon, channel ids may. */
    private boolean mine(String key) {
        return key != null && key.startsWith(prefix) && key.indexOf(':', prefix.length()) < 0;
    }

    private void rememberId(String value) {
        try {
            String id = Json.MAPPER.readTree(value).path("deliveryId").asText(null);
            if (id != null) {
                delivered.put(id, Boolean.TRUE);
            }
        } catch (Exception e) {
            // unreadable: it was dead-lettered when it was first read
        }
    }

    /** Done with the head record: commit past it (sync: a restart must not send it again) and reset retries. */
    private void finish(KafkaConsumer<String, String> c, TopicPartition tp, ArrayDeque<ConsumerRecord<String, String>> q,
                        ConsumerRecord<String, String> r, String outcome, Map<TopicPartition, OffsetAndMetadata> skipped) {
        q.poll();
        skipped.remove(tp); // this commit covers them; committing their older offset later would go backwards
        retries.remove(tp);
        if (outcome != null) {
            count(outcome);
        }
        c.commitSync(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)));
    }

    /** Writes the record to the dead letters and waits for Kafka; false (and a later retry) when that failed. */
    private boolean deadLetter(ConsumerRecord<String, String> r, String reason) {
        DeadLetter dl = new DeadLetter(r.topic(), r.partition(), r.offset(), r.key(), r.value(), reason,
                "monitor-api.notify." + channel.id(), clock.instant());
        try {
            deadLetters.send(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), r.topic(), dl)).get(15, TimeUnit.SECONDS);
            count("dead_lettered");
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.error("channel {}: could not write delivery {}-{}@{} to {} ({}); keeping it and trying again later",
                    channel.id(), r.topic(), r.partition(), r.offset(), Topics.DEAD_LETTERS, e.toString());
            retries.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), p -> new Retry()).nextAt =
                    clock.instant().plus(rules.maxBackoff());
            return false;
        }
    }

    private void count(String outcome) {
        Counter.builder("monitor.api.notifications").description("notification attempts and outcomes per channel")
                .tag("channel", channel.id()).tag("outcome", outcome).register(meters).increment();
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Asks the sender to stop after the attempt in progress; see {@link #close()}. */
    void stop() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /**
     * Stops and waits up to 5 s (leaving the consumer group cleanly lets another instance take over at once); an
     * attempt still hanging on a slow receiver is then interrupted. Its delivery is not committed, so whoever owns the
     * partition next sends it again (at least once).
     */
    @Override
    public void close() {
        stop();
        try {
            thread.join(5000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
