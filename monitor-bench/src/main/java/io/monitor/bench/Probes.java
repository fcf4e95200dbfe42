package io.monitor.bench;

import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The measuring threads of a phase: the output reader, the alert reader and the once-a-second sampler. */
final class Probes {
    private Probes() {
    }

    /** Partitions of a topic. */
    static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** Current end offsets of {@code partitions}. */
    static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r = admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get(30, TimeUnit.SECONDS);
        return r.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Commits the end of {@code raw} as the starting point of a new consumer group (a Streams application id), so the
     * application reads exactly what the phase produces, whatever was on the topic before.
     */
    static void startGroupAtEnd(Admin admin, String group, List<TopicPartition> raw) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> at = endOffsets(admin, raw).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        admin.alterConsumerGroupOffsets(group, at).all().get(30, TimeUnit.SECONDS);
    }

    /** Reads an output topic (read_committed) from its current end and records throughput and latency. */
    static final class OutputReader extends Thread {
        private final KafkaConsumer<String, byte[]> consumer;
        private final Stats stats;
        private volatile boolean stopping;

        OutputReader(String bootstrap, String topic, Stats stats) {
            super("bench-reader-" + topic);
            this.stats = stats;
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position); // resolve the end now, before the producer starts
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!stopping) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        stats.out(System.currentTimeMillis(), LoadProducer.sentAt(r.headers()), r.timestamp());
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        void shutdown() throws InterruptedException {
            stopping = true; // not interrupt(): an interrupted consumer cannot close its fetch sessions
            consumer.wakeup();
            join(10_000);
        }
    }

    /** An alert as the bench saw it: when it was consumed. */
    record SeenAlert(long consumedMs, Alert alert) {
    }

    /** Reads {@code monitor.alerts} (read_committed) from its current end. */
    static final class AlertReader extends Thread {
        private final KafkaConsumer<String, byte[]> consumer;
        private volatile boolean stopping;
        final List<SeenAlert> seen = Collections.synchronizedList(new ArrayList<>());

        AlertReader(String bootstrap) {
            super("bench-alert-reader");
            this.consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
            String topic = Topics.ALERTS.name();
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!stopping) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.value() != null) {
                            seen.add(new SeenAlert(System.currentTimeMillis(), Topics.ALERT_SERDE.fromBytes(r.value())));
                        }
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        void shutdown() throws InterruptedException {
            stopping = true; // not interrupt(): an interrupted consumer cannot close its fetch sessions
            consumer.wakeup();
            join(10_000);
        }
    }

    /** Once a second: the application's consumer lag on the raw topic, process and system CPU, heap used. */
    static final class Sampler extends Thread {
        private final Admin admin;
        private final String group;
        private final List<TopicPartition> raw;
        private final Stats stats;
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        volatile long lastLag = -1;

        Sampler(Admin admin, String group, List<TopicPartition> raw, Stats stats) {
            super("bench-sampler");
            this.admin = admin;
            this.group = group;
            this.raw = raw;
            this.stats = stats;
            setDaemon(true);
        }

        @Override
        public void run() {
            os.getProcessCpuLoad(); // the first reading is meaningless
            os.getCpuLoad();
            long next = System.currentTimeMillis() + 1000;
            while (!isInterrupted()) {
                try {
                    Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
                    next += 1000;
                    long lag = lag();
                    lastLag = lag;
                    long now = System.currentTimeMillis();
                    stats.samples.add(new Stats.Sample((now - stats.startMs) / 1000.0, lag, os.getProcessCpuLoad(),
                            os.getCpuLoad(), memory.getHeapMemoryUsage().getUsed() >> 20, stats.producedTotal(),
                            stats.outTotal.get()));
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    lastLag = -1; // a missed sample (broker busy): the next one counts
                }
            }
        }

        private long lag() throws Exception {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, Long> end = endOffsets(admin, raw);
            long lag = 0;
            for (TopicPartition tp : raw) {
                OffsetAndMetadata c = committed.get(tp);
                lag += Math.max(0, end.getOrDefault(tp, 0L) - (c == null ? 0 : c.offset()));
            }
            return lag;
        }
    }
}
