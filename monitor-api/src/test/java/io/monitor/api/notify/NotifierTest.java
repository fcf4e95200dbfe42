package io.monitor.api.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.config.ApiSettings;
import io.monitor.core.config.ChannelSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.json.Json;
import io.monitor.core.model.Alert;
import io.monitor.core.model.IncidentEvent;
import io.monitor.core.model.Severity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Signed webhook notifications against local HTTP receivers standing in for the real endpoints. */
@Timeout(30)
class NotifierTest {
    private static final String SECRET = "test-signing-secret-123";
    private static final Instant T0 = Instant.now().minusSeconds(600);

    /** A local receiver that records what it got and answers with the next scripted status. */
    static final class Receiver implements AutoCloseable {
        record Received(Map<String, String> headers, byte[] body, boolean signatureValid) {
            JsonNode json() throws IOException {
                return Json.MAPPER.readTree(body);
            }
        }

        final HttpServer server;
        final List<Received> received = new CopyOnWriteArrayList<>();
        final List<Integer> script;
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hang;

        Receiver(Integer... statuses) throws IOException {
            script = List.of(statuses);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/hook", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                if (hang) {
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                Map<String, String> h = new HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
                boolean valid = new WebhookSigner(SECRET).verify(h.get("x-monitor-timestamp"),
                        h.get("x-monitor-signature"), body, Instant.now(), WebhookSigner.DEFAULT_TOLERANCE);
                received.add(new Received(h, body, valid));
                int n = calls.getAndIncrement();
                int status = n < script.size() ? script.get(n) : 200;
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final IncidentStore store = new IncidentStore();
    private final AtomicBoolean live = new AtomicBoolean(true);

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private Receiver receiver(Integer... statuses) throws IOException {
        Receiver r = new Receiver(statuses);
        closeables.add(r);
        return r;
    }

    private Notifier notifier(Map<String, String> env, ChannelSettings... channels) {
        MonitorSettings settings = new MonitorSettings(null, null, null, null, null,
                new ApiSettings(null, 8080, "https://monitor.example.com", null, null), List.of(channels));
        Notifier n = Notifier.fromSettings(settings, env::get, live::get, Clock.systemUTC(), meters);
        store.addListener(n);
        n.start();
        closeables.add(0, n);
        return n;
    }

    private static ChannelSettings webhook(String id, String urlEnv, Severity min) {
        return new ChannelSettings(id, "webhook", urlEnv, min,
                Map.of("secretEnv", "HOOK_SECRET", "initialBackoff", "50ms", "maxAttempts", "4"));
    }

    private static Alert alert(String rule, Severity severity) {
        return Alert.firing(Map.of("brand", "acme-bahn", "rule", rule), Map.of("summary", "Negativ-Sturm"), severity, T0);
    }

    private double count(String channel, String outcome) {
        var c = meters.find("monitor.api.notifications").tag("channel", channel).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void anOpenedIncidentIsPostedSignedWithALinkToTheDashboard() throws Exception {
        Receiver cm = receiver();
        notifier(Map.of("CM_HOOK", cm.url(), "HOOK_SECRET", SECRET), webhook("cm", "CM_HOOK", Severity.WARNING));
        Alert a = alert("negative-spike", Severity.CRITICAL);
        store.apply(a);

        await().atMost(Duration.ofSeconds(10)).until(() -> cm.received.size() == 1);
        Receiver.Received got = cm.received.get(0);
        assertThat(got.signatureValid()).isTrue();
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
        Receiver flaky = receiver(503, 500, 200);
        notifier(Map.of("HOOK", flaky.url(), "HOOK_SECRET", SECRET), webhook("flaky", "HOOK", Severity.INFO));
        store.apply(alert("r", Severity.WARNING));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("flaky", "delivered") == 1.0);
        assertThat(flaky.received).hasSize(3);
        assertThat(flaky.received).extracting(r -> r.headers().get("x-monitor-delivery")).containsOnly(
                flaky.received.get(0).headers().get("x-monitor-delivery"));
        assertThat(flaky.received).allMatch(Receiver.Received::signatureValid);
        assertThat(count("flaky", "retry")).isEqualTo(2.0);
    }

    @Test
    void aClientErrorIsNotRetriedAndAnUnreachableReceiverIsGivenUpAfterMaxAttempts() throws Exception {
        Receiver strict = receiver(400);
        notifier(Map.of("STRICT", strict.url(), "GONE", "http://127.0.0.1:1/hook", "HOOK_SECRET", SECRET),
                webhook("strict", "STRICT", Severity.INFO), webhook("gone", "GONE", Severity.INFO));
        store.apply(alert("r", Severity.WARNING));

        await().atMost(Duration.ofSeconds(10)).until(() -> count("strict", "rejected") == 1.0
                && count("gone", "given_up") == 1.0);
        assertThat(strict.received).hasSize(1);
        assertThat(count("gone", "retry")).isEqualTo(4.0);
    }

    @Test
    void aHangingReceiverDoesNotDelayTheOtherChannel() throws Exception {
        Receiver hanging = receiver();
        hanging.hang = true;
        Receiver oncall = receiver();
        notifier(Map.of("SLOW", hanging.url(), "FAST", oncall.url(), "HOOK_SECRET", SECRET),
                webhook("slow", "SLOW", Severity.INFO), webhook("fast", "FAST", Severity.INFO));
        store.apply(alert("r1", Severity.CRITICAL));
        store.apply(alert("r2", Severity.CRITICAL));

        await().atMost(Duration.ofSeconds(5)).until(() -> oncall.received.size() == 2);
        assertThat(hanging.received).as("still stuck on the first delivery").isEmpty();
        hanging.release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> hanging.received.size() == 2);
    }

    @Test
    void onlyNewsAboveTheChannelsSeverityIsSentAndNothingBeforeTheViewIsLive() throws Exception {
        Receiver cm = receiver();
        notifier(Map.of("CM_HOOK", cm.url(), "HOOK_SECRET", SECRET), webhook("cm", "CM_HOOK", Severity.CRITICAL));
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

        await().atMost(Duration.ofSeconds(10)).until(() -> cm.received.size() >= 3);
        Thread.sleep(300); // nothing else may follow
        List<String> changes = new ArrayList<>();
        for (Receiver.Received r : cm.received) {
            assertThat(r.json().at("/incident/fingerprint").asText()).isEqualTo(crit.fingerprint());
            changes.add(r.json().get("change").asText());
        }
        assertThat(changes).containsExactly("opened", "acknowledged", "resolved");
    }

    @Test
    void anOpenIncidentIsRemindedAfterTheRepeatIntervalUntilSomeoneAcknowledgesIt() throws Exception {
        Receiver cm = receiver();
        MutableClock clock = new MutableClock(Instant.now());
        MonitorSettings settings = new MonitorSettings(null, null, null, null, null, null, List.of(
                new ChannelSettings("cm", "webhook", "CM_HOOK", Severity.INFO, Map.of("secretEnv", "HOOK_SECRET",
                        "repeatInterval", "1m"))));
        Notifier n = Notifier.fromSettings(settings, Map.of("CM_HOOK", cm.url(), "HOOK_SECRET", SECRET)::get,
                () -> true, clock, meters);
        store.addListener(n);
        n.start();
        closeables.add(0, n);
        Alert a = alert("r", Severity.CRITICAL);
        store.apply(a);                                                    // t+0    opened
        n.remind(openIncidents());                                         // t+0    too early
        clock.now = clock.now.plusSeconds(61);
        n.remind(openIncidents());                                         // t+61s  reminder
        await().atMost(Duration.ofSeconds(10)).until(() -> cm.received.size() == 2);
        assertThat(cm.received.get(1).json().get("change").asText()).isEqualTo("reminder");

        store.apply(new IncidentEvent("a1", a.fingerprint(), IncidentEvent.Type.ACKNOWLEDGED, "jana", clock.now,
                null, null, null));                                        // t+61s  acknowledged
        clock.now = clock.now.plusSeconds(130);
        n.remind(openIncidents());                                         // t+191s nothing: someone is on it
        await().atMost(Duration.ofSeconds(10)).until(() -> cm.received.size() == 3);
        Thread.sleep(300);
        assertThat(cm.received).hasSize(3);
        assertThat(cm.received.get(2).json().get("change").asText()).isEqualTo("acknowledged");
        assertThat(cm.received).allMatch(Receiver.Received::signatureValid);
    }

    private List<io.monitor.api.incidents.Incident> openIncidents() {
        return store.list(new io.monitor.api.incidents.IncidentFilter(java.util.Set.of(), java.util.Set.of("open"),
                java.util.Set.of(), null, 1000));
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void channelsThatCannotWorkAreSkippedAndOthersStillStart() throws Exception {
        Receiver ok = receiver();
        Notifier n = notifier(Map.of("OK", ok.url(), "PLAIN", "http://hooks.example.com/x", "HOOK_SECRET", SECRET),
                webhook("ok", "OK", Severity.INFO),
                webhook("unset", "NOT_SET", Severity.INFO),
                webhook("insecure", "PLAIN", Severity.INFO),
                new ChannelSettings("slack", "slack", "OK", Severity.INFO, Map.of()));
        assertThat(n.channelCount()).isEqualTo(1);
    }
}
