package io.monitor.streams.topology;

import io.monitor.core.kafka.Topics;
import io.monitor.core.model.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the rejected planned-event records (kept in the global store by {@link PlannedEventsUpdater}) to
 * {@code monitor.deadletter}, each once: a global store's processor cannot write to a topic, so this processor
 * of the main topology does it on a stream-time and a wall-clock punctuation. Only the task of partition 0 of its
 * sub-topology does it (every instance sees the whole global store); the highest offset published is kept in a
 * changelogged store, so a restart or a move of the task publishes nothing twice. The records it receives (the
 * mentions' dead letters, which go to the topic by their own path) are ignored.
 */
final class PlannedEventDeadLetters implements Processor<String, Routed, String, DeadLetter> {
    static final String STAGE = "monitor-streams/planned-events";
    private static final Logger LOG = LoggerFactory.getLogger(PlannedEventDeadLetters.class);
    private static final String LAST = "last-offset";

    private final String eventsStore;
    private final String offsetStore;
    private final Duration every;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, DeadLetter> context;
    private KeyValueStore<String, PlannedEventEntry> events;
    private KeyValueStore<String, Long> published;

    PlannedEventDeadLetters(String eventsStore, String offsetStore, Duration every, TopologyMetrics metrics) {
        this.eventsStore = eventsStore;
        this.offsetStore = offsetStore;
        this.every = every;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, DeadLetter> context) {
        this.context = context;
        this.published = context.getStateStore(offsetStore);
        if (context.taskId().partition() != 0) {
            return;
        }
        this.events = context.getStateStore(eventsStore);
        context.schedule(every, PunctuationType.STREAM_TIME, t -> publish());
        context.schedule(every, PunctuationType.WALL_CLOCK_TIME, t -> publish());
    }

    @Override
    public void process(Record<String, Routed> record) {
        // Nothing per record: attached here only to live in a task that always exists.
    }

    private void publish() {
        Long last = published.get(LAST);
        long after = last == null ? -1 : last;
        List<PlannedEventEntry> rejected = new ArrayList<>();
        try (KeyValueIterator<String, PlannedEventEntry> it = events.prefixScan(PlannedEventEntry.DEAD_PREFIX,
                new org.apache.kafka.common.serialization.StringSerializer())) {
            while (it.hasNext()) {
                PlannedEventEntry e = it.next().value;
                if (e != null && e.rejected() && e.offset() > after) {
                    rejected.add(e);
                }
            }
        }
        if (rejected.isEmpty()) {
            return;
        }
        rejected.sort(Comparator.comparingLong(PlannedEventEntry::offset));
        String topic = Topics.PLANNED_EVENTS.name();
        for (PlannedEventEntry e : rejected) {
            DeadLetter d = new DeadLetter(topic, e.partition(), e.offset(), e.key(), e.raw(), e.reason(), STAGE,
                    Instant.ofEpochMilli(context.currentSystemTimeMs()));
            metrics.deadLetter("planned-events");
            LOG.warn("dead letter from {}-{}@{} (key {}): {}; fix the record and publish it again under the same key",
                    topic, e.partition(), e.offset(), e.key(), e.reason());
            context.forward(new Record<>(topic, d, Math.max(e.timestamp(), 0)));
        }
        published.put(LAST, rejected.get(rejected.size() - 1).offset());
    }
}
