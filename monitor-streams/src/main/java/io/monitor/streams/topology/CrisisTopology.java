package io.monitor.streams.topology;

import io.monitor.core.config.DetectionSettings;
import io.monitor.core.config.DetectorSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.json.JsonSerde;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.DeadLetter;
import io.monitor.streams.MonitorTopology;
import io.monitor.streams.detect.IngestHealth;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the crisis rules beside the spike rule (silence vs ingest outage, emerging terms, copy-paste storms, high-reach
 * authors; see {@link CrisisProcessor}) to the topology: a global store of the connectors' last heartbeats
 * ({@code monitor.ingest.health}, raw bytes, read and checked where used), a per-brand state store (snapshots),
 * the write-ahead journal of the changes between two snapshots ({@link CrisisJournal}), and the processor on the by-brand stream of projections, whose alerts go to {@code monitor.alerts} and whose dead letters
 * (unreadable heartbeats) to {@code monitor.deadletter}.
 */
public final class CrisisTopology {
    public static final JsonSerde<CrisisState> STATE_SERDE = JsonSerde.of(CrisisState.class);
    /** The id the demo source reports heartbeats under (monitor-ingest's {@code DemoConnector.ID}). */
    public static final String DEMO_CONNECTOR = "demo";

    private CrisisTopology() {
    }

    /** The connectors the configuration runs, with the brands each serves: the demo source serves all brands. */
    public static List<IngestHealth.Connector> connectors(MonitorSettings settings) {
        List<IngestHealth.Connector> out = new ArrayList<>();
        if (settings.ingest().demo().enabled()) {
            out.add(new IngestHealth.Connector(DEMO_CONNECTOR, null));
        }
        for (SourceSettings s : settings.ingest().sources()) {
            if (s.enabled()) {
                out.add(new IngestHealth.Connector(s.id(), new HashSet<>(s.brands())));
            }
        }
        return out;
    }

    /**
     * @param connectors the configured connectors, or null when unknown (every connector with a heartbeat then
     *                   counts for every brand)
     */
    static void wire(StreamsBuilder builder, KStream<String, BrandMention> mentions, DetectionSettings d,
                     List<IngestHealth.Connector> connectors, Map<String, String> brandNames, TopologyMetrics metrics) {
        DetectorSettings x = d.detectors();
        if (!x.silence().enabled() && !x.emerging().enabled() && !x.highReach().enabled()) {
            return;
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MonitorTopology.CRISIS_STATE_STORE), Serdes.String(), STATE_SERDE));
        // Cached: the per-mention updates of a silence bucket fold into one write per commit, and whatever the journal
        // got reaches RocksDB and the changelog in the transaction that commits the mentions' offsets.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(MonitorTopology.CRISIS_JOURNAL_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled());
        // Raw bytes: what the topic holds is what the store holds, also when a restore copies the topic directly;
        // the processor reads each heartbeat where it is used and dead-letters what it cannot read.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(MonitorTopology.CONNECTOR_HEALTH_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                Topics.CONNECTOR_HEALTH.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("connector-health"),
                HealthUpdater::new);
        Map<String, KStream<String, CrisisProcessor.Out>> out = mentions
                .process(() -> new CrisisProcessor(MonitorTopology.CRISIS_STATE_STORE, MonitorTopology.CRISIS_JOURNAL_STORE,
                        MonitorTopology.CONNECTOR_HEALTH_STORE, d, connectors, brandNames, metrics), Named.as("crisis-detectors"),
                        MonitorTopology.CRISIS_STATE_STORE, MonitorTopology.CRISIS_JOURNAL_STORE)
                .split(Named.as("crisis-"))
                .branch((k, v) -> v.deadLetter() != null, Branched.as("dead"))
                .defaultBranch(Branched.as("alerts"));
        out.get("crisis-dead")
                .mapValues(CrisisProcessor.Out::deadLetter, Named.as("crisis-dead-letter-value"))
                .to(Topics.DEAD_LETTERS.name(), Produced.<String, DeadLetter>with(Topics.DEAD_LETTERS.keySerde(),
                        Topics.DEAD_LETTERS.valueSerde()).withName("crisis-dead-letters"));
        out.get("crisis-alerts")
                .mapValues(CrisisProcessor.Out::alert, Named.as("crisis-alert-value"))
                .to(Topics.ALERTS.name(), Produced.<String, Alert>with(Topics.ALERTS.keySerde(), Topics.ALERTS.valueSerde())
                        .withName("crisis-alerts-sink"));
    }

    /**
     * Keeps the global store a copy of the compacted health topic (a null value deletes). Each value is stored
     * behind its source partition and offset ({@link #SOURCE_PREFIX} bytes), so that an unreadable heartbeat's dead
     * letter can name where it came from.
     */
    static final class HealthUpdater implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> store;
        private ProcessorContext<Void, Void> context;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            store = context.getStateStore(MonitorTopology.CONNECTOR_HEALTH_STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() == null) {
                return; // the topic is compacted: a keyless record cannot be written there
            }
            if (record.value() == null) {
                store.delete(record.key());
            } else {
                int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
                long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
                store.put(record.key(), ByteBuffer.allocate(SOURCE_PREFIX + record.value().length).putInt(partition)
                        .putLong(offset).put(record.value()).array());
            }
        }
    }

    /** Bytes in front of every stored heartbeat: its source partition (int) and offset (long). */
    static final int SOURCE_PREFIX = 12;
}
