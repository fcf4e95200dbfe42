package io.monitor.core.kafka;

import io.monitor.core.json.JsonSerde;
import io.monitor.core.model.Alert;
import io.monitor.core.model.BrandDefinition;
import io.monitor.core.model.ChannelDefinition;
import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.IncidentEvent;
import io.monitor.core.model.Mention;
import io.monitor.core.model.PlannedEvent;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the product, with its serdes. The only place topic names are spelled.
 *
 * <pre>
 *  connectors ──► mentions.raw ──► [streams: match, language, sentiment] ──► mentions.enriched (key: brand id)
 *                                                  └──► [aggregate, detect] ──► alerts (key: fingerprint, compacted)
 *  anything unreadable ──► deadletter
 * </pre>
 */
public final class Topics {

    private Topics() {
    }

    public static final JsonSerde<Mention> MENTION_SERDE = JsonSerde.validated(Mention.class, Topics::checkMention);
    public static final JsonSerde<Alert> ALERT_SERDE = JsonSerde.validated(Alert.class,
            a -> a.schemaVersion() == Alert.SCHEMA_VERSION ? null
                    : "schemaVersion " + a.schemaVersion() + " is not supported (expected " + Alert.SCHEMA_VERSION + ")");
    public static final JsonSerde<DeadLetter> DEAD_LETTER_SERDE = JsonSerde.of(DeadLetter.class);
    public static final JsonSerde<ConnectorHealth> HEALTH_SERDE = JsonSerde.of(ConnectorHealth.class);

    public static final JsonSerde<IncidentEvent> INCIDENT_EVENT_SERDE = JsonSerde.validated(IncidentEvent.class,
            e -> e.fingerprint() == null || e.type() == null || e.at() == null ? "fingerprint, type and at are required" : null);

    public static final JsonSerde<BrandDefinition> BRAND_SERDE = JsonSerde.validated(BrandDefinition.class,
            b -> b.schemaVersion() != BrandDefinition.SCHEMA_VERSION
                    ? "schemaVersion " + b.schemaVersion() + " is not supported (expected " + BrandDefinition.SCHEMA_VERSION + ")"
                    : b.id() == null || b.id().isBlank() ? "id is required"
                    : !b.deleted() && (b.query() == null || b.query().isBlank()) ? "query is required" : null);
    public static final JsonSerde<PlannedEvent> PLANNED_EVENT_SERDE = JsonSerde.validated(PlannedEvent.class,
            PlannedEvent::check);

    public static final JsonSerde<ChannelDefinition> CHANNEL_SERDE = JsonSerde.validated(ChannelDefinition.class,
            c -> c.schemaVersion() != ChannelDefinition.SCHEMA_VERSION
                    ? "schemaVersion " + c.schemaVersion() + " is not supported (expected " + ChannelDefinition.SCHEMA_VERSION + ")"
                    : c.id() == null || c.id().isBlank() ? "id is required"
                    : !c.deleted() && (c.channel() == null || !c.id().equals(c.channel().id()))
                    ? "a channel whose id matches the record's id is required" : null);

    private static final Serde<String> STRING = Serdes.String();

    /** Mentions as connectors publish them; key {@code platform:id}. */
    public static final Topic<String, Mention> MENTIONS_RAW = new Topic<>("monitor.mentions.raw", STRING, MENTION_SERDE,
            6, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));

    /** Matched, language-tagged and scored mentions; one record per matched brand, key = brand id. */
    public static final Topic<String, Mention> MENTIONS_ENRICHED = new Topic<>("monitor.mentions.enriched", STRING,
            MENTION_SERDE, 6, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));

    /** Alerts; key = fingerprint; compacted so the newest state of every alert is kept. */
    public static final Topic<String, Alert> ALERTS = new Topic<>("monitor.alerts", STRING, ALERT_SERDE, 3,
            Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "3600000"));

    /** Records that could not be processed, with the reason; key = the source topic or endpoint. */
    public static final Topic<String, DeadLetter> DEAD_LETTERS = new Topic<>("monitor.deadletter", STRING,
            DEAD_LETTER_SERDE, 1, Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));

    /** Connector heartbeats; key = connector id; compacted. */
    public static final Topic<String, ConnectorHealth> CONNECTOR_HEALTH = new Topic<>("monitor.ingest.health", STRING,
            HEALTH_SERDE, 1, Map.of("cleanup.policy", "compact"));

    /** Connector resume cursors (opaque JSON text per connector); key = connector id; compacted. */
    public static final Topic<String, String> CONNECTOR_CURSORS = new Topic<>("monitor.ingest.cursors", STRING, STRING,
            1, Map.of("cleanup.policy", "compact"));

    /**
     * Lifecycle actions on incidents (acknowledge, assign, snooze, resolve, false alarm, note); key = fingerprint.
     * Not compacted: every event is part of the incident's history. Kept long, since false-alarm marks teach the detectors.
     */
    public static final Topic<String, IncidentEvent> INCIDENT_EVENTS = new Topic<>("monitor.incidents.events", STRING,
            INCIDENT_EVENT_SERDE, 3, Map.of("retention.ms", "-1"));

    /**
     * The notification outbox: one record per (channel, incident change) to deliver; key = {@code channel:fingerprint};
     * value = the delivery as JSON. Written before delivery and marked done after, so deliveries survive restarts
     * (at least once) and keep their order per incident.
     */
    public static final Topic<String, String> NOTIFICATIONS_OUTBOX = new Topic<>("monitor.notifications.outbox", STRING,
            STRING, 3, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));

    /**
     * Brands changed at run time (API, admin role); key = brand id; compacted. The config file's brands are the
     * starting set, these records replace or delete them (see {@link BrandDefinition}). One partition: every
     * instance reads all of it (a global table in Streams).
     */
    public static final Topic<String, BrandDefinition> BRANDS = new Topic<>("monitor.brands", STRING, BRAND_SERDE, 1,
            Map.of("cleanup.policy", "compact"));

    /** Planned events (launches, campaigns) that mute or raise the detectors of a brand; key = event id; compacted. */
    public static final Topic<String, PlannedEvent> PLANNED_EVENTS = new Topic<>("monitor.planned-events", STRING,
            PLANNED_EVENT_SERDE, 1, Map.of("cleanup.policy", "compact"));

    /**
     * Notification channels and their routing changed at run time (API, admin role); key = channel id; compacted.
     * The config file's channels are the starting set (see {@link ChannelDefinition}).
     */
    public static final Topic<String, ChannelDefinition> CHANNELS = new Topic<>("monitor.channels", STRING, CHANNEL_SERDE,
            1, Map.of("cleanup.policy", "compact"));

    /** All topics the product creates when it manages the cluster itself. */
    public static List<Topic<?, ?>> all() {
        return List.of(MENTIONS_RAW, MENTIONS_ENRICHED, ALERTS, INCIDENT_EVENTS, DEAD_LETTERS, CONNECTOR_HEALTH,
                CONNECTOR_CURSORS, NOTIFICATIONS_OUTBOX, BRANDS, PLANNED_EVENTS, CHANNELS);
    }

    /**
     * What is wrong with a mention for the raw topic, or null when it is fine: the one rule set the serde and the
     * edge endpoints (HTTP push, replay files) apply.
     */
    public static String checkMention(Mention m) {
        if (m.schemaVersion() != Mention.SCHEMA_VERSION) {
            return "schemaVersion " + m.schemaVersion() + " is not supported (expected " + Mention.SCHEMA_VERSION + ")";
        }
        if (m.platform().isBlank() || m.id().isBlank()) {
            return "platform and id must not be blank";
        }
        if (m.text().length() > 100_000) {
            return "text of " + m.text().length() + " characters exceeds 100000";
        }
        return null;
    }
}
