package io.monitor.streams.topology;

import io.monitor.core.json.Durations;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in front of the windowed aggregates and takes out, visibly, the mentions that arrive too late for them:
 * a mention whose 1-minute timeline window ended more than {@code allowedLateness} before the task's stream time
 * would be skipped by Kafka Streams' window aggregation (which only bumps an internal sensor and logs at debug).
 * Here it is counted in {@code monitor.streams.mentions.late} (per brand) and logged at most once a minute with
 * how many and how late, so nothing is dropped silently. The mention itself is already on the enriched topic;
 * only the aggregates miss it.
 *
 * <p>The condition is the one the aggregation applies ({@code windowEnd <= streamTime - grace}); the detection
 * panes have a longer grace (see {@link Topologies}), so every mention this lets through is counted in both.
 */
final class LateGuard implements FixedKeyProcessor<String, BrandMention, BrandMention> {
    private static final Logger LOG = LoggerFactory.getLogger(LateGuard.class);
    private static final long LOG_EVERY_MS = 60_000;

    private final long windowMs;
    private final long graceMs;
    private final TopologyMetrics metrics;
    private FixedKeyProcessorContext<String, BrandMention> context;
    private long droppedSinceLog;
    private long lastLogWall = Long.MIN_VALUE;

    LateGuard(Duration window, Duration grace, TopologyMetrics metrics) {
        this.windowMs = window.toMillis();
        this.graceMs = grace.toMillis();
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, BrandMention> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, BrandMention> record) {
        long ts = record.timestamp();
        long windowEnd = ts - Math.floorMod(ts, windowMs) + windowMs;
        long streamTime = context.currentStreamTimeMs();
        if (windowEnd > streamTime - graceMs) {
            context.forward(record);
            return;
        }
        metrics.late(record.key());
        droppedSinceLog++;
        long wall = context.currentSystemTimeMs();
        if (lastLogWall == Long.MIN_VALUE || wall - lastLogWall >= LOG_EVERY_MS) {
            LOG.warn("{} mention(s) arrived too late for the timeline and detection windows and are not counted there "
                            + "(latest: brand {}, written {}, {} behind stream time {}; allowed lateness {}). They are on the "
                            + "enriched topic. Raise detection.allowedLateness if connectors deliver this late.",
                    droppedSinceLog, record.key(), Instant.ofEpochMilli(ts),
                    Durations.format(Duration.ofMillis(streamTime - ts)), Instant.ofEpochMilli(streamTime),
                    Durations.format(Duration.ofMillis(graceMs)));
            droppedSinceLog = 0;
            lastLogWall = wall;
        }
    }
}
