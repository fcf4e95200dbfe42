package io.monitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.api.incidents.Incident;
import io.monitor.api.incidents.IncidentFilter;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.ChannelSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.json.Json;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Alert;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.IncidentEvent;
import io.monitor.core.model.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Notifications end to end on a real broker: incident changes in the store, decisions written to the Kafka outbox,
 * delivered by the per-channel senders to local HTTP receivers standing in for the real endpoints. Channel ids are
 * unique per test (they name the consumer groups, and the outbox topic is shared by the whole JVM).
 */
@Timeout(60)
class NotifierIT {
    private static final String SECRET = "test-signing-secret-123";
    private static final Instant T0 = Instant.now().minusSeconds(600);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static String bootstrap;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final IncidentStore store = new IncidentStore();
    private final AtomicBoolean live = new AtomicBoolean(true);
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void broker() {
        bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private LocalEndpoint receiver(Integer... statuses) throws Exception {
        LocalEndpoint r = new LocalEndpoint(statuses);
        closeables.add(r);
        return r;
    }

    private Notifier notifier(Map<String, String> env, Clock clock, ChannelSettings... channels) {
        MonitorSettings settings = new MonitorSettings(null, null, null, null, null,
                new ApiSettings(null, 8080, "https://monitor.example.com", null, null), List.of(channels));
        Notifier n = Notifier.fromSettings(settings, bootstrap, env::get, live::get, clock, meters);
        store.addListener(n);
        n.start();
        closeables.add(0, n);
        return n;
    }

    private Notifier notifier(Map<String, String> env, ChannelSettings... channels) {
        return notifier(env, Clock.systemUTC(), channels);
    }

    private String id(String name) {
        return name + "-" + run;
    }

    private ChannelSettings webhook(String name, String urlEnv, Severity min) {
        return new ChannelSettings(id(name), "webhook", urlEnv, min,
                Map.of("secretEnv", "HOOK_SECRET", "initialBackoff", "50ms", "maxAttempts", "4"));
    }

    private Alert alert(String rule, Severity severity) {
        return Alert.firing(Map.of("brand", "acme-bahn", "rule", rule + "-" + run), Map.of("summary", "Negativ-Sturm"),
                severity, T0);
    }

    private double count(String name, String outcome) {
        var c = meters.find("monitor.api.notifications").tag("channel", id(name)).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private static boolean signed(LocalEndpoint.Received r) {
        return new WebhookSigner(SECRET).verify(r.headers().get("x-monitor-timestamp"),
                r.headers().get("x-monitor-signature"), r.body(), Instant.now(), WebhookSigner.DEFAULT_TOLERANCE);
    }

    @Test
    void anOpenedIncidentIsPostedSignedWithALinkToTheDashboard() throws Exception {
        LocalEndpoint cm = receiver();
        notifier(Map.of("CM_HOOK", cm.url("/hook"), "HOOK_SECRET", SECRET), webhook("cm", "CM_HOOK", Severity.WARNING));
        Alert a = alert("negative-spike", Severity.CRITICAL);
        store.apply(a);

        await().atMost(WAIT).until(() -> cm.received.size() == 1);
        LocalEndpoint.Received got = cm.received.get(0);
        assertThat(signed(got)).isTrue();
        assertThat(got.headers().get("content-type")).isEqualTo("application/json");
        JsonNode p = got.json();
        assertThat(p.get("change").asText()).isEqualTo("opened");
        assertThat(p.at("/incident/fingerprint").asText()).isEqualTo(a.fingerprint());
        assertThat(p.at("/incident/summary").asText()).isEqualTo("Negativ-Sturm");
        assertThat(p.get("dashboardUrl").asText()).isEqualTo("https://monitor.example.com/#incident=" + a.fingerprint());
        assertThat(got.headers().get("x-monitor-delivery")).isEqualTo(p.get("deliveryId").asText());
    }

    @Test
    void aReceiverErrorIsRetriedWithTheSameDeliveryIdUntilItIsAccepted() throws Exception {
        LocalEndpoint flaky = receiver(503, 500, 200);
        notifier(Map.of("HOOK", flaky.url("/hook"), "HOOK_SECRET", SECRET), webhook("flaky", "HOOK", Severity.INFO));
        store.apply(alert("r", Severity.WARNING));

        await().atMost(WAIT).until(() -> count("flaky", "delivered") == 1.0);
        assertThat(flaky.received).hasSize(3);
        assertThat(flaky.received).extracting(r -> r.headers().get("x-monitor-delivery")).containsOnly(
                flaky.received.get(0).headers().get("x-monitor-delivery"));
        assertThat(flaky.received).allMatch(NotifierIT::signed);
        assertThat(count("flaky", "retry")).isEqualTo(2.0);
    }

    @Test
    void aClientErrorIsNotRetriedAndAnUnreachableReceiverIsGivenUpAfterMaxAttemptsBothDeadLettered() throws Exception {
        LocalEndpoint strict = receiver(400);
        notifier(Map.of("STRICT", strict.url("/hook"), "GONE", "http://127.0.0.1:1/hook", "HOOK_SECRET", SECRET),
                webhook("strict", "STRICT", Severity.INFO), webhook("gone", "GONE", Severity.INFO));
        Alert a = alert("r", Severity.WARNING);
        store.apply(a);

        await().atMost(WAIT).until(() -> count("strict", "rejected") == 1.0 && count("gone", "given_up") == 1.0
                && count("strict", "dead_lettered") == 1.0 && count("gone", "dead_lettered") == 1.0);
        assertThat(strict.received).hasSize(1);
        assertThat(count("gone", "retry")).isEqualTo(4.0);

        List<DeadLetter> dead = deadLettersFor(a.fingerprint(), 2);
        assertThat(dead).extracting(DeadLetter::sourceTopic).containsOnly(Topics.NOTIFICATIONS_OUTBOX.name());
        assertThat(dead).extracting(DeadLetter::stage).containsExactlyInAnyOrder(
                "monitor-api.notify." + id("strict"), "monitor-api.notify." + id("gone"));
        assertThat(dead).extracting(DeadLetter::reason).anyMatch(r -> r.contains("rejected by channel " + id("strict")
                + ": HTTP 400")).anyMatch(r -> r.contains("gave up after 4 attempts"));
        assertThat(dead).allMatch(d -> d.key().endsWith(":" + a.fingerprint()) && d.value().contains("\"opened\""));
    }

    private static List<DeadLetter> deadLettersFor(String fingerprint, int expected) {
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                Topics.DEAD_LETTERS.keySerde().deserializer(), Topics.DEAD_LETTERS.valueSerde().deserializer())) {
            TopicPartition tp = new TopicPartition(Topics.DEAD_LETTERS.name(), 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, DeadLetter> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && r.value().key() != null && r.value().key().endsWith(":" + fingerprint)) {
                        out.add(r.value());
                    }
                }
                return out.size() >= expected;
            });
        }
        return out;
    }

    @Test
    void aHangingReceiverDoesNotDelayTheOtherChannel() throws Exception {
        LocalEndpoint hanging = receiver();
        hanging.hang = true;
        LocalEndpoint oncall = receiver();
        notifier(Map.of("SLOW", hanging.url("/hook"), "FAST", oncall.url("/hook"), "HOOK_SECRET", SECRET),
                webhook("slow", "SLOW", Severity.INFO), webhook("fast", "FAST", Severity.INFO));
        store.apply(alert("r1", Severity.CRITICAL));
        store.apply(alert("r2", Severity.CRITICAL));

        await().atMost(WAIT).until(() -> oncall.received.size() == 2);
        assertThat(hanging.received).as("still stuck on the first delivery").isEmpty();
        hanging.release.countDown();
        await().atMost(WAIT).until(() -> hanging.received.size() == 2);
    }

    @Test
    void onlyNewsAboveTheChannelsSeverityIsSentAndNothingBeforeTheViewIsLive() throws Exception {
        LocalEndpoint cm = receiver();
        notifier(Map.of("CM_HOOK", cm.url("/hook"), "HOOK_SECRET", SECRET), webhook("cm", "CM_HOOK", Severity.CRITICAL));
        live.set(false);
        store.apply(alert("history", Severity.CRITICAL)); // replayed at start: not news
        live.set(true);
        Alert warn = alert("warn", Severity.WARNING);
        store.apply(warn); // below the channel's minimum
        Alert crit = alert("crit", Severity.CRITICAL);
        store.apply(crit);
        store.apply(crit.updated(Map.of("summary", "new numbers"), Severity.CRITICAL, T0.plusSeconds(60))); // noise
        store.apply(new IncidentEvent("n1", crit.fingerprint(), IncidentEvent.Type.NOTE, "jana", Instant.now(), null,
                null, "looking")); // noise
        store.apply(new IncidentEvent("a1", crit.fingerprint(), IncidentEvent.Type.ACKNOWLEDGED, "jana", Instant.now(),
                null, null, null));
        store.apply(crit.updated(crit.annotations(), Severity.CRITICAL, T0.plusSeconds(90)).resolved(
                T0.plusSeconds(120), null));

        await().atMost(WAIT).until(() -> cm.received.size() >= 3);
        Thread.sleep(500); // nothing else may follow
        List<String> changes = new ArrayList<>();
        for (LocalEndpoint.Received r : cm.received) {
            assertThat(r.json().at("/incident/fingerprint").asText()).isEqualTo(crit.fingerprint());
            changes.add(r.json().get("change").asText());
        }
        assertThat(changes).containsExactly("opened", "acknowledged", "resolved");
    }

    @Test
    void anOpenIncidentIsRemindedAfterTheRepeatIntervalUntilSomeoneAcknowledgesIt() throws Exception {
        LocalEndpoint cm = receiver();
        MutableClock clock = new MutableClock(Instant.now());
        Notifier n = notifier(Map.of("CM_HOOK", cm.url("/hook"), "HOOK_SECRET", SECRET), clock,
                new ChannelSettings(id("cm"), "webhook", "CM_HOOK", Severity.INFO, Map.of("secretEnv", "HOOK_SECRET",
                        "repeatInterval", "1m")));
        Alert a = alert("r", Severity.CRITICAL);
        store.apply(a);                                                    // t+0    opened
        n.remind(activeIncidents());                                       // t+0    too early
        clock.now = clock.now.plusSeconds(61);
        n.remind(activeIncidents());                                       // t+61s  reminder
        await().atMost(WAIT).until(() -> cm.received.size() == 2);
        assertThat(cm.received.get(1).json().get("change").asText()).isEqualTo("reminder");

        store.apply(new IncidentEvent("a1", a.fingerprint(), IncidentEvent.Type.ACKNOWLEDGED, "jana", clock.now,
                null, null, null));                                        // t+61s  acknowledged
        clock.now = clock.now.plusSeconds(130);
        n.remind(activeIncidents());                                       // t+191s nothing: someone is on it
        await().atMost(WAIT).until(() -> cm.received.size() == 3);
        Thread.sleep(500);
        assertThat(cm.received).hasSize(3);
        assertThat(cm.received.get(2).json().get("change").asText()).isEqualTo("acknowledged");
        assertThat(cm.received).allMatch(NotifierIT::signed);
    }

    private List<Incident> activeIncidents() {
        return store.list(new IncidentFilter(Set.of(), Set.of("active"), Set.of(), null, 1000));
    }

    @Test
    void twoApiInstancesDecidingTheSameChangesDeliverEachOnce() throws Exception {
        LocalEndpoint cm = receiver();
        Map<String, String> env = Map.of("CM_HOOK", cm.url("/hook"), "HOOK_SECRET", SECRET);
        notifier(env, webhook("cm", "CM_HOOK", Severity.INFO)); // two instances: both see every change and decide
        notifier(env, webhook("cm", "CM_HOOK", Severity.INFO)); // alike, their senders share one consumer group
        Alert a = alert("twice", Severity.CRITICAL);
        store.apply(a);
        store.apply(new IncidentEvent("a1", a.fingerprint(), IncidentEvent.Type.ACKNOWLEDGED, "jana", Instant.now(),
                null, null, null));

        await().atMost(WAIT).until(() -> count("cm", "duplicate") == 2.0);
        Thread.sleep(500);
        assertThat(cm.received).extracting(r -> r.json().get("change").asText()).containsExactly("opened",
                "acknowledged");
        assertThat(cm.received).extracting(r -> r.headers().get("x-monitor-delivery")).doesNotHaveDuplicates();
        assertThat(meters.find("monitor.api.notifications.outbox").tag("outcome", "written").counter().count())
                .as("each instance wrote its own copy").isEqualTo(4.0);
    }

    @Test
    void aCrisisTimelineReachesSlackAndIsEscalatedAcknowledgedAndResolvedOnPagerDuty() throws Exception {
        LocalEndpoint slack = receiver();
        LocalEndpoint pagerDuty = receiver();
        pagerDuty.status = 202;
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        Notifier n = notifier(Map.of("SLACK_URL", slack.url("/services/x"), "PD_KEY", "R0UTINGKEY"), clock,
                new ChannelSettings(id("cm-slack"), "slack", "SLACK_URL", Severity.WARNING, Map.of()),
                new ChannelSettings(id("oncall-pd"), "pagerduty", "PD_KEY", Severity.CRITICAL, Map.of(
                        "escalation", true, "escalateAfter", "45m", "url", pagerDuty.url("/v2/enqueue"))));
        Alert a = Alert.firing(Map.of("brand", "acme-bahn", "rule", "crisis-" + run), Map.of("summary",
                "Negativ-Sturm"), Severity.CRITICAL, clock.now);
        store.apply(a);                                                            // t=0    opened: Slack
        await().atMost(WAIT).until(() -> slack.received.size() == 1);
        clock.now = clock.now.plus(Duration.ofMinutes(45));
        n.remind(activeIncidents());                                               // t=45m  escalated: PD trigger
        await().atMost(WAIT).until(() -> pagerDuty.received.size() == 1);
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        store.apply(new IncidentEvent("ack", a.fingerprint(), IncidentEvent.Type.ACKNOWLEDGED, "jana", clock.now,
                null, null, null));                                                // t=50m  acknowledged
        store.apply(a.resolved(clock.now.plus(Duration.ofMinutes(30)), null));     // t=80m  resolved
        await().atMost(WAIT).until(() -> pagerDuty.received.size() == 3 && slack.received.size() == 3);
        Thread.sleep(500);

        assertThat(slack.received).extracting(r -> r.json().at("/blocks/0/text/text").asText()).containsExactly(
                ":red_circle: acme-bahn: New incident", // no brands configured here: the id stands in for the name
                ":red_circle: acme-bahn: Acknowledged by jana", ":white_check_mark: acme-bahn: Resolved");
        assertThat(pagerDuty.received).extracting(r -> r.json().get("event_action").asText())
                .containsExactly("trigger", "acknowledge", "resolve");
        for (LocalEndpoint.Received r : pagerDuty.received) {
            assertThat(r.json().get("dedup_key").asText()).isEqualTo(a.fingerprint());
            assertThat(r.json().get("routing_key").asText()).isEqualTo("R0UTINGKEY");
        }
        assertThat(pagerDuty.received.get(0).json().at("/payload/severity").asText()).isEqualTo("critical");
        assertThat(pagerDuty.received.get(0).json().at("/payload/class").asText()).isEqualTo("escalation");
    }

    @Test
    void aChannelWithLanguageDeGetsGermanTextsInItsTimeZoneBesideAnEnglishOne() throws Exception {
        LocalEndpoint german = receiver();
        LocalEndpoint english = receiver();
        notifier(Map.of("DE_URL", german.url("/services/de"), "EN_URL", english.url("/services/en")),
                new ChannelSettings(id("cm-de"), "slack", "DE_URL", Severity.WARNING,
                        Map.of("language", "de", "timeZone", "Europe/Berlin")),
                new ChannelSettings(id("cm-en"), "slack", "EN_URL", Severity.WARNING, Map.of()));
        Instant start = Instant.parse("2026-07-01T06:30:00Z");
        Alert a = Alert.firing(Map.of("brand", "acme-bahn", "rule", "silence"),
                Map.of("summary", "Acme Bahn went quiet", "observed", "2", "baseline", "1250.0", "window", "15m"),
                Severity.WARNING, start);
        store.apply(a);
        await().atMost(WAIT).until(() -> german.received.size() == 1 && english.received.size() == 1);

        JsonNode de = german.received.get(0).json();
        assertThat(de.get("text").asText()).isEqualTo("[WARNUNG] acme-bahn: Neuer Vorfall - Ungewöhnlich still um "
                + "acme-bahn: 2 Erwähnungen in 15 Min., erwartet wären 1.250,0");
        assertThat(de.at("/blocks/2/fields/5/text").asText()).isEqualTo("*Beginn*\n01.07.2026 08:30 MESZ");
        JsonNode en = english.received.get(0).json();
        assertThat(en.get("text").asText()).isEqualTo("[WARNING] acme-bahn: New incident - Acme Bahn went quiet");
        assertThat(en.at("/blocks/2/fields/4/text").asText()).isEqualTo("*Rule*\nUnusual silence");
        assertThat(en.at("/blocks/2/fields/5/text").asText()).isEqualTo("*Started*\n2026-07-01 06:30 UTC");
    }

    @Test
    void anUnreadableOutboxRecordIsDeadLetteredAndTheNextDeliveryStillGoesOut() throws Exception {
        LocalEndpoint cm = receiver();
        notifier(Map.of("CM_HOOK", cm.url("/hook"), "HOOK_SECRET", SECRET), webhook("cm", "CM_HOOK", Severity.INFO));
        Alert a = alert("after-garbage", Severity.CRITICAL);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                Topics.NOTIFICATIONS_OUTBOX.keySerde().serializer(),
                Topics.NOTIFICATIONS_OUTBOX.valueSerde().serializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.NOTIFICATIONS_OUTBOX.name(),
                    id("cm") + ":" + a.fingerprint(), "{not json")).get();
        }
        store.apply(a); // same key, so it queues behind the garbage on the same partition

        await().atMost(WAIT).until(() -> cm.received.size() == 1);
        assertThat(cm.received.get(0).json().at("/incident/fingerprint").asText()).isEqualTo(a.fingerprint());
        assertThat(count("cm", "invalid")).isEqualTo(1.0);
        DeadLetter dead = deadLettersFor(a.fingerprint(), 1).get(0);
        assertThat(dead.value()).isEqualTo("{not json");
        assertThat(dead.reason()).startsWith("unreadable outbox record: ");
    }

    @Test
    void channelsWhoseEnvironmentIsMissingAreSkippedAndOthersStillStart() throws Exception {
        LocalEndpoint ok = receiver();
        Notifier n = notifier(Map.of("OK", ok.url("/hook"), "PLAIN", "http://hooks.example.com/x",
                        "HOOK_SECRET", SECRET),
                webhook("ok", "OK", Severity.INFO),
                webhook("unset", "NOT_SET", Severity.INFO),
                webhook("insecure", "PLAIN", Severity.INFO),
                new ChannelSettings(id("slack"), "slack", "OK", Severity.INFO, Map.of()),
                new ChannelSettings(id("pd"), "pagerduty", "NO_KEY", Severity.INFO, Map.of()));
        assertThat(n.channelCount()).isEqualTo(2);
    }

    @Test
    void anInvalidOptionStopsTheStartWithTheKeyToFix() {
        Map<String, Object> options = new HashMap<>(Map.of("hours", "8 to 6"));
        MonitorSettings settings = new MonitorSettings(null, null, null, null, null, null, List.of(
                new ChannelSettings("cm", "slack", "CM", null, Map.of()),
                new ChannelSettings("night", "slack", "NIGHT", null, Map.of()),
                new ChannelSettings("oncall", "slack", "ONCALL", null, options)));
        assertThatThrownBy(() -> Notifier.fromSettings(settings, bootstrap, k -> "https://hooks.example.com/x",
                () -> true, Clock.systemUTC(), meters)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("notifications[2].options.hours: ");
    }

    static JsonNode json(byte[] body) throws Exception {
        return Json.MAPPER.readTree(body);
    }
}
