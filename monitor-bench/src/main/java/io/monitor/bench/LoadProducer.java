package io.monitor.bench;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DemoSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.ingest.demo.DemoGenerator;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A paced producer of realistic mentions into {@code monitor.mentions.raw}: the demo generator of monitor-ingest
 * (German and English posts about the brands, mixed sentiment, replies, reposts) at {@code rate} per second, plus a
 * burst ({@code (burstFactor - 1) x rate} more for {@code burstLength}) and a crisis (clearly negative posts about one
 * brand, around one new term) when configured.
 *
 * <p>Every mention is due at its generated time; the loop sends what is due, so when the producer falls behind the
 * record timestamp (the due time) stays put and the latency measured from it includes the backlog (no coordinated
 * omission). The header {@value #SENT_HEADER} carries the wall time of the actual send.
 */
final class LoadProducer {
    static final String SENT_HEADER = "bench.sent";
    private static final long NO_CRISIS = Long.MIN_VALUE;

    private final BenchOptions options;
    private final List<BrandSettings> brands;
    private final String bootstrap;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicLong crisisFirstSentMs = new AtomicLong(NO_CRISIS);
    private long sent;
    private long crisisSent;
    private String crisisBrand;
    private final List<DemoGenerator.Episode> episodes = new ArrayList<>();
    private final Map<Long, Long> episodeFirstSentMs = new java.util.concurrent.ConcurrentHashMap<>();

    LoadProducer(BenchOptions options, List<BrandSettings> brands, String bootstrap) {
        this.options = options;
        this.brands = brands;
        this.bootstrap = bootstrap;
    }

    /** Produces for {@code options.duration()} from {@code start} (wall clock); returns when all sends are acknowledged. */
    void run(Instant start, Stats stats) throws InterruptedException {
        long seed = options.seed();
        DemoGenerator base = new DemoGenerator(brands, demo(options.rate(), seed), start);
        Instant end = start.plus(options.duration());
        Instant burstStart = start.plus(options.burstAt());
        Instant burstEnd = burstStart.plus(options.burstLength());
        DemoGenerator burst = options.burst()
                ? new DemoGenerator(brands, demo(options.rate() * (options.burstFactor() - 1), seed + 1), burstStart) : null;
        DemoGenerator crisis = null;
        Duration every = options.crisisEvery() != null ? options.crisisEvery() : Duration.ofDays(1);
        if (options.crisisAt() != null) {
            crisis = new DemoGenerator(brands, new DemoSettings(true, 0.0, options.crisisAt(), every,
                    options.crisisLength(), options.effectiveCrisisRate(), seed + 2), start);
            crisisBrand = crisis.episode(0).brandId();
            for (long k = 0; k < 10_000; k++) {
                DemoGenerator.Episode e = crisis.episode(k);
                if (!e.start().isBefore(end)) {
                    break;
                }
                episodes.add(e);
            }
        }
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024));
        config.putAll(options.producerConfig());
        java.util.SplittableRandom ramp = new java.util.SplittableRandom(seed + 3);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            Instant last = start;
            while (last.isBefore(end)) {
                Instant now = Instant.now();
                if (now.isAfter(end)) {
                    now = end;
                }
                List<Mention> due = new ArrayList<>(ramped(base.between(last, now), start, ramp));
                if (burst != null && now.isAfter(burstStart) && last.isBefore(burstEnd)) {
                    due.addAll(burst.between(max(last, burstStart), min(now, burstEnd)));
                }
                if (crisis != null) {
                    List<Mention> c = crisis.between(last, now);
                    if (!c.isEmpty()) {
                        long nowMs = System.currentTimeMillis();
                        crisisFirstSentMs.compareAndSet(NO_CRISIS, nowMs);
                        crisisSent += c.size();
                        for (Mention m : c) {
                            episodeFirstSentMs.putIfAbsent(episodeOf(m.createdAt()), nowMs);
                        }
                    }
                    due.addAll(c);
                }
                for (Mention m : due) {
                    send(producer, m, stats, start);
                }
                last = now;
                if (due.size() < 50) {
                    Thread.sleep(2);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            producer.flush();
        }
    }

    private void send(KafkaProducer<String, byte[]> producer, Mention m, Stats stats, Instant start) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SENT_HEADER, ByteBuffer.allocate(8).putLong(System.currentTimeMillis()).array());
        sent++;
        producer.send(new ProducerRecord<>(Topics.MENTIONS_RAW.name(), null, m.createdAt().toEpochMilli(), m.key(),
                Topics.MENTION_SERDE.toBytes(m), headers), (md, e) -> {
                    if (e == null) {
                        acked.incrementAndGet();
                        stats.produced(System.currentTimeMillis());
                    } else {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    }
                });
    }

    /**
     * The background mentions kept during the ramp: each with probability (time since start) / ramp, so the rate rises
     * linearly from zero (the generator's own sequence stays the same; the draw is seeded).
     */
    private List<Mention> ramped(List<Mention> generated, Instant start, java.util.SplittableRandom random) {
        long rampMs = options.ramp().toMillis();
        if (rampMs == 0 || generated.isEmpty()) {
            return generated;
        }
        List<Mention> kept = new ArrayList<>(generated.size());
        for (Mention m : generated) {
            long since = m.createdAt().toEpochMilli() - start.toEpochMilli();
            if (since >= rampMs || random.nextDouble() * rampMs < since) {
                kept.add(m);
            }
        }
        return kept;
    }

    private static DemoSettings demo(double rate, long seed) {
        // crisisRate 0: this generator makes background posts only
        return new DemoSettings(true, rate, Duration.ZERO, Duration.ofDays(1), Duration.ofSeconds(1), 0.0, seed);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The episode whose time span holds {@code t}, or -1. */
    private long episodeOf(Instant t) {
        for (DemoGenerator.Episode e : episodes) {
            if (!t.isBefore(e.start()) && t.isBefore(e.end())) {
                return e.index();
            }
        }
        return -1;
    }

    /** The crisis episodes that started during the run (one unless --crisis-every). */
    List<DemoGenerator.Episode> episodes() {
        return List.copyOf(episodes);
    }

    /** Wall time (ms) the first mention of episode {@code k} was sent, or -1. */
    long episodeFirstSentMs(long k) {
        return episodeFirstSentMs.getOrDefault(k, -1L);
    }

    long sent() {
        return sent;
    }

    long acked() {
        return acked.get();
    }

    long failed() {
        return failed.get();
    }

    String firstError() {
        return firstError.get();
    }

    long crisisSent() {
        return crisisSent;
    }

    /** Wall time (ms) the first crisis mention was sent, or -1. */
    long crisisFirstSentMs() {
        long v = crisisFirstSentMs.get();
        return v == NO_CRISIS ? -1 : v;
    }

    /** The brand of the crisis, or null without a crisis. */
    String crisisBrand() {
        return crisisBrand;
    }

    static long sentAt(org.apache.kafka.common.header.Headers headers) {
        org.apache.kafka.common.header.Header h = headers.lastHeader(SENT_HEADER);
        return h == null || h.value().length != 8 ? -1 : ByteBuffer.wrap(h.value()).getLong();
    }
}
