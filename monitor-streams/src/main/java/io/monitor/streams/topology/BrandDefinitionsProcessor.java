package io.monitor.streams.topology;

import io.monitor.core.kafka.Topics;
import io.monitor.core.model.BrandDefinition;
import io.monitor.streams.query.BrandQuery;
import io.monitor.streams.query.QueryParseException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store of run-time brand definitions ({@code monitor.brands}) and the {@link BrandCatalog} in step.
 * Runs on Kafka Streams' global thread, for live records and, since Kafka 3.8, for every record read again when
 * the global store is restored at start: the catalog is rebuilt from the topic's history on each start.
 *
 * <p>The store holds, per brand id, the raw JSON of the definition in force (a usable definition or a deletion
 * marker). A record that cannot be used leaves the store and the catalog as they were and is handed to the catalog
 * as a rejection with the reason (naming the brand and the query column); a stream task writes it to
 * {@code monitor.deadletter}.
 */
final class BrandDefinitionsProcessor implements Processor<String, byte[], Void, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(BrandDefinitionsProcessor.class);
    /** The id rule of {@code BrandSettings} (ids are used in topic keys, metrics and URLs). */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final BrandCatalog catalog;
    private final String storeName;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;

    BrandDefinitionsProcessor(BrandCatalog catalog, String storeName) {
        this.catalog = catalog;
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        byte[] value = record.value();
        if (value == null) {
            // A tombstone: the run-time overlay of this id goes, the configured brand (if any) is back.
            if (key != null) {
                store.delete(key);
                catalog.revert(key);
                LOG.info("brand '{}': run-time definition removed (tombstone); the configured brand applies again", key);
            }
            return;
        }
        BrandDefinition def;
        try {
            def = Topics.BRAND_SERDE.fromBytes(value);
        } catch (SerializationException e) {
            reject(key, value, "unreadable brand definition" + (key == null ? "" : " for key '" + key + "'") + ": "
                    + e.getMessage() + "; the previous definition stays in force");
            return;
        }
        String id = def.id();
        if (key == null || !key.equals(id)) {
            reject(key, value, "brand definition key '" + key + "' differs from its id '" + id
                    + "'; the record key must be the brand id");
            return;
        }
        if (!ID.matcher(id).matches()) {
            reject(key, value, "brand id '" + id + "' must be lower-case letters, digits and dashes (at most 63),"
                    + " starting with a letter or digit");
            return;
        }
        if (def.deleted()) {
            store.put(id, value);
            catalog.delete(id);
            LOG.info("brand '{}' deleted by {}", id, def.updatedBy());
            return;
        }
        BrandQuery query;
        try {
            query = BrandQuery.compile(def.query());
        } catch (QueryParseException e) {
            // The parser's message starts with the column: "column 18: expected ')' to close the '(' at column 1, ..."
            reject(key, value, "brand '" + id + "': query does not parse: " + e.getMessage() + " (query: " + def.query()
                    + "); the previous definition stays in force");
            return;
        }
        store.put(id, value);
        catalog.define(id, def.name(), query);
        LOG.info("brand '{}' defined by {}: {}", id, def.updatedBy(), def.query());
    }

    private void reject(String key, byte[] value, String reason) {
        int partition = -1;
        long offset = -1;
        if (context.recordMetadata().isPresent()) {
            RecordMetadata md = context.recordMetadata().get();
            partition = md.partition();
            offset = md.offset();
        }
        LOG.warn("{}-{}@{}: {}", Topics.BRANDS.name(), partition, offset, reason);
        catalog.reject(new BrandCatalog.Rejection(key, new String(value, StandardCharsets.UTF_8), reason, partition, offset));
    }
}
