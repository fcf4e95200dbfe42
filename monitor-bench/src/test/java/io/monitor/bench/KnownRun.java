package io.monitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DemoSettings;
import io.monitor.core.config.KafkaSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.AlertRules;
import io.monitor.core.model.Mention;
import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelineQuery;
import io.monitor.ingest.demo.DemoGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A known set of mentions for the exactly-once fault tests, and the checks of what came out.
 *
 * <p>Twenty seconds of demo background posts about three brands, 150 per second, and from second 8 an 8-second storm
 * of clearly negative posts about one brand, 120 per second (about 3,900 mentions). Event times are the wall clock
 * (the run is sent in real time, each mention when it is due) because the topology's windows allow one minute of
 * out-of-order data: compressing minutes of event time into seconds would turn the normal skew between partitions
 * after a fault into "late" records. The brands are new, so the storm fires on the detector's new-brand rule (at least
 * half of the window's mentions negative), exactly once; the other brands' everyday complaints do not.
 */
final class KnownRun {
    static final Duration SPAN = Duration.ofSeconds(20);

    final List<BrandSettings> brands = BenchBrands.generate(3);
    final Instant start = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    final List<Mention> mentions;
    final String crisisBrand;

    KnownRun() {
        DemoGenerator background = new DemoGenerator(brands, new DemoSettings(true, 150.0, Duration.ZERO, Duration.ofDays(1),
                Duration.ofSeconds(1), 0.0, 7L), start);
        DemoGenerator storm = new DemoGenerator(brands, new DemoSettings(true, 0.0, Duration.ofSeconds(8), Duration.ofDays(1),
                Duration.ofSeconds(8), 120.0, 11L), start);
        crisisBrand = storm.episode(0).brandId();
        List<Mention> all = new ArrayList<>(background.between(start, start.plus(SPAN)));
        all.addAll(storm.between(start, start.plus(SPAN)));
        all.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        mentions = List.copyOf(all);
    }

    MonitorSettings settings(String bootstrap, Path dataDir, String appId) {
        MonitorSettings d = MonitorSettings.defaults();
        return new MonitorSettings(new KafkaSettings(bootstrap, dataDir, null, 1, true, appId), brands, d.ingest(),
                d.detection(), d.sentiment(), d.api(), d.notifications());
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends every mention (timestamp = createdAt) when it is due by the wall clock; {@code sent} counts them. */
    void send(KafkaProducer<String, byte[]> producer, AtomicInteger sent) throws InterruptedException {
        for (Mention m : mentions) {
            long wait = m.createdAt().toEpochMilli() - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), null, m.createdAt().toEpochMilli(), m.key(),
                    Topics.MENTION_SERDE.toBytes(m)));
            sent.incrementAndGet();
        }
        producer.flush();
    }

    /** What the committed output topics say about this run. */
    static final class Output {
        final Map<String, Integer> enrichedPerKey = new HashMap<>();
        final Map<String, Long> enrichedPerBrand = new HashMap<>();
        final List<Alert> alerts = new ArrayList<>();
        int enriched;
    }

    /**
     * Reads {@code monitor.mentions.enriched} and {@code monitor.alerts} from the beginning with read_committed until
     * every mention came out (or {@code timeout}), then {@code settle} longer so that a duplicate would show.
     */
    Output readOutput(String bootstrap, Duration timeout, Duration settle) {
        Output out = new Output();
        Set<String> ids = mentions.stream().map(Mention::key).collect(Collectors.toCollection(HashSet::new));
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "known-run-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(Topics.MENTIONS_ENRICHED.name(), Topics.ALERTS.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    if (r.topic().equals(Topics.ALERTS.name())) {
                        Alert a = Topics.ALERT_SERDE.fromBytes(r.value());
                        if (brands.stream().anyMatch(b -> b.id().equals(a.brand()))) {
                            out.alerts.add(a);
                        }
                    } else {
                        Mention m = Topics.MENTION_SERDE.fromBytes(r.value());
                        if (ids.contains(m.key())) {
                            out.enriched++;
                            out.enrichedPerKey.merge(m.key(), 1, Integer::sum);
                            out.enrichedPerBrand.merge(r.key(), 1L, Long::sum);
                        }
                    }
                }
                if (settleUntil == Long.MAX_VALUE && out.enrichedPerKey.size() == ids.size()
                        && out.alerts.stream().anyMatch(a -> a.state() == Alert.State.FIRING)) {
                    settleUntil = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return out;
    }

    /** Every mention exactly once, one incident for the crisis brand, none for the others, no alert record twice. */
    void assertExactlyOnce(Output out) {
        assertThat(out.enrichedPerKey.keySet()).as("every mention came out")
                .hasSize(mentions.size());
        assertThat(out.enrichedPerKey.values().stream().filter(n -> n != 1).count()).as("mentions that came out more than once")
                .isZero();
        assertThat(out.enriched).isEqualTo(mentions.size());

        // One incident per rule: the crisis is a volume spike, and its repeated texts may also raise crisis rules
        // (emerging term, copy-paste storm), each its own incident; none of them may be lost or doubled.
        Map<String, Set<Instant>> incidents = new HashMap<>();
        Set<String> brands = new HashSet<>();
        for (Alert a : out.alerts) {
            if (a.state() == Alert.State.FIRING) {
                brands.add(a.brand());
                incidents.computeIfAbsent(a.rule(), k -> new HashSet<>()).add(a.startsAt());
            }
        }
        assertThat(brands).as("brands with incidents").containsOnly(crisisBrand);
        assertThat(incidents).as("incidents (distinct startsAt of FIRING alerts) per rule")
                .containsKey(AlertRules.NEGATIVE_VOLUME_SPIKE);
        incidents.forEach((rule, starts) -> assertThat(starts).as("one incident of rule " + rule).hasSize(1));
        List<String> identities = out.alerts.stream()
                .map(a -> a.fingerprint() + "/" + a.state() + "/" + a.severity() + "/" + a.updatedAt()).toList();
        assertThat(identities).as("no alert record published twice").doesNotHaveDuplicates();
    }

    /** The timeline (1-minute windows) of every brand adds up to the mentions sent about it. */
    void assertTimelinesCountEachMentionOnce(TimelineQuery timelines, Output out) {
        for (BrandSettings b : brands) {
            long counted = timelines.timeline(b.id(), start.minus(Duration.ofMinutes(2)), Instant.now().plusSeconds(60))
                    .stream().mapToLong(TimelinePoint::volume).sum();
            assertThat(counted).as("timeline volume of " + b.id()).isEqualTo(out.enrichedPerBrand.getOrDefault(b.id(), 0L));
        }
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
