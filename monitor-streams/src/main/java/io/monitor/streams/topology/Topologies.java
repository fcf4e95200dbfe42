package io.monitor.streams.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.core.config.DetectionSettings;
import io.monitor.core.json.JsonSerde;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Mention;
import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.SentimentScorer;
import io.monitor.streams.MonitorTopology;
import io.monitor.streams.query.BrandMatcher;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/** Builds the DSL graph for {@link MonitorTopology}; separate so the public factory stays a readable summary. */
public final class Topologies {
    public static final JsonSerde<TimelineCounts> TIMELINE_SERDE = JsonSerde.of(TimelineCounts.class);
    public static final JsonSerde<BrandWindow> WINDOW_SERDE = JsonSerde.of(BrandWindow.class);
    public static final JsonSerde<BrandState> STATE_SERDE = JsonSerde.of(BrandState.class);

    /** Retention of the hopping detection windows (also lets a person query the last half hour of them). */
    static final Duration DETECTION_RETENTION = Duration.ofMinutes(30);

    private Topologies() {
    }

    public static Topology build(BrandMatcher matcher, Map<String, String> brandNames, DetectionSettings d,
                                 SentimentScorer scorer, LanguageDetector languages, MeterRegistry registry) {
        TopologyMetrics metrics = new TopologyMetrics(registry);
        StreamsBuilder builder = new StreamsBuilder();

        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(MonitorTopology.DEDUP_STORE, MonitorTopology.DEDUP_RETENTION.multipliedBy(2),
                        MonitorTopology.DEDUP_RETENTION, false),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MonitorTopology.SPIKE_STATE_STORE), Serdes.String(), STATE_SERDE));

        // Raw bytes in: a record that does not decode becomes a dead letter instead of stopping the stream.
        KStream<String, Routed> routed = builder
                .stream(Topics.MENTIONS_RAW.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("mentions-raw"))
                .process(() -> new EnrichProcessor(matcher, scorer, languages, metrics, MonitorTopology.DEDUP_STORE,
                        MonitorTopology.DEDUP_RETENTION), Named.as("decode-dedup-match-enrich"), MonitorTopology.DEDUP_STORE);

        Map<String, KStream<String, Routed>> branches = routed.split(Named.as("route-"))
                .branch((k, v) -> v.isDead(), Branched.as("dead"))
                .defaultBranch(Branched.as("enriched"));
        branches.get("route-dead")
                .mapValues(Routed::deadLetter, Named.as("dead-letter-value"))
                .to(Topics.DEAD_LETTERS.name(), Produced.with(Topics.DEAD_LETTERS.keySerde(), Topics.DEAD_LETTERS.valueSerde())
                        .withName("dead-letters"));
        KStream<String, Mention> enriched = branches.get("route-enriched").mapValues(Routed::mention, Named.as("mention-value"));
        enriched.to(Topics.MENTIONS_ENRICHED.name(), Produced.with(Topics.MENTIONS_ENRICHED.keySerde(),
                Topics.MENTIONS_ENRICHED.valueSerde()).withName("mentions-enriched"));

        KGroupedStream<String, Mention> byBrand = enriched.groupByKey(
                Grouped.with("by-brand", Serdes.String(), Topics.MENTION_SERDE));

        // Late mentions (polling connectors) still count if they arrive within one window of their window's end.
        Duration grace = d.window();
        Duration minute = Duration.ofMinutes(1);
        Duration timelineRetention = max(d.stateRetention(), minute.plus(Duration.ofMinutes(1)));
        byBrand.windowedBy(TimeWindows.ofSizeAndGrace(minute, Duration.ofMinutes(1)))
                .aggregate(TimelineCounts::new, (brand, m, agg) -> agg.add(m), Named.as("timeline-1m"),
                        Materialized.<String, TimelineCounts, WindowStore<Bytes, byte[]>>as(MonitorTopology.TIMELINE_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(TIMELINE_SERDE).withRetention(timelineRetention));

        byBrand.windowedBy(TimeWindows.ofSizeAndGrace(d.window(), grace).advanceBy(d.advance()))
                .aggregate(BrandWindow::new, (brand, m, agg) -> agg.add(m), Named.as("detection-windows"),
                        Materialized.<String, BrandWindow, WindowStore<Bytes, byte[]>>as(MonitorTopology.SPIKE_WINDOWS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(WINDOW_SERDE)
                                // Longer than the window needs: a segmented store opens a new RocksDB segment every
                                // retention/2, and with the bare minimum (2 min) that churn dominated the cost.
                                .withRetention(max(d.window().plus(grace), DETECTION_RETENTION)))
                .toStream(Named.as("detection-window-updates"))
                .process(() -> new SpikeProcessor(MonitorTopology.SPIKE_STATE_STORE, d, MonitorTopology.REPEAT_INTERVAL,
                        brandNames, metrics), Named.as("negative-spike-detector"), MonitorTopology.SPIKE_STATE_STORE)
                .to(Topics.ALERTS.name(), Produced.<String, Alert>with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde())
                        .withName("alerts"));
        return builder.build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
