package io.monitor.streams.topology;

import io.monitor.core.kafka.Topics;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.PlannedEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global store of planned events up to date from {@code monitor.planned-events} (raw bytes in, so a
 * record that does not decode cannot stop the global thread): a valid event is stored under its key, a tombstone
 * removes it, a record that does not deserialize or fails {@link PlannedEvent#check} is stored as a rejected entry
 * (see {@link PlannedEventEntry}) for {@link PlannedEventDeadLetters} to publish. Also runs on restore (Kafka
 * Streams re-processes global topics through this processor), which rebuilds the same store.
 */
final class PlannedEventsUpdater implements Processor<String, byte[], Void, Void> {
    private final String storeName;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, PlannedEventEntry> store;

    PlannedEventsUpdater(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        int partition = -1;
        long offset = -1;
        if (context.recordMetadata().isPresent()) {
            RecordMetadata md = context.recordMetadata().get();
            partition = md.partition();
            offset = md.offset();
        }
        String key = record.key();
        if (key == null || key.isBlank()) {
            reject(key == null ? "" : key, record, "the record key (the event id) is required", partition, offset);
            return;
        }
        if (record.value() == null) {
            store.delete(key);
            store.delete(PlannedEventEntry.deadKey(key));
            return;
        }
        PlannedEvent event;
        try {
            event = Topics.PLANNED_EVENT_SERDE.fromBytes(record.value());
        } catch (SerializationException e) {
            reject(key, record, e.getMessage(), partition, offset);
            return;
        }
        store.put(key, new PlannedEventEntry(event, key, null, null, partition, offset, record.timestamp()));
        store.delete(PlannedEventEntry.deadKey(key));
    }

    private void reject(String key, Record<String, byte[]> record, String reason, int partition, long offset) {
        byte[] v = record.value();
        String raw = v == null ? null
                : new String(v, 0, Math.min(v.length, DeadLetter.MAX_VALUE_CHARS * 4), StandardCharsets.UTF_8);
        store.put(PlannedEventEntry.deadKey(key), new PlannedEventEntry(null, key, raw, reason, partition, offset,
                record.timestamp()));
    }
}
