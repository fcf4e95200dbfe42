package io.monitor.api;

import static io.monitor.api.Fixtures.T0;
import static io.monitor.api.Fixtures.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.monitor.api.TestHttp.SseEvent;
import io.monitor.api.TestHttp.SseReader;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Severity;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live incident stream over real HTTP: events with ids, resume with Last-Event-ID, reset, keep-alives. */
@Timeout(30)
class IncidentSseTest {
    private final IncidentStore store = new IncidentStore();
    private ApiServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private int start(Duration keepAlive) {
        server = Fixtures.server(Fixtures.settings(), store, null, () -> true, n -> null, keepAlive);
        return server.port();
    }

    @Test
    void aNewAlertAndItsAcknowledgementArePushedInOrderWithIncreasingIds() throws Exception {
        int port = start(Duration.ofSeconds(15));
        try (SseReader sse = new SseReader(port, "/api/v1/incidents/stream")) {
            assertThat(sse.status).isEqualTo(200);
            sse.nextComment(); // connected: from here on, nothing is missed
            Alert a = alert("acme-bahn", "negative-spike", Severity.WARNING, T0, "Storm begins");
            store.apply(a);
            store.apply(a.updated(a.annotations(), Severity.CRITICAL, T0.plusSeconds(60)));
            TestHttp.post(port, "/api/v1/incidents/" + a.fingerprint() + "/acknowledge", "{\"comment\":\"on it\"}");

            SseEvent opened = sse.next();
            assertThat(opened.name()).isEqualTo("incident");
            assertThat(opened.json().get("change").asText()).isEqualTo("opened");
            assertThat(opened.json().at("/incident/fingerprint").asText()).isEqualTo(a.fingerprint());
            SseEvent escalated = sse.next();
            assertThat(escalated.json().get("change").asText()).isEqualTo("escalated");
            SseEvent acked = sse.next();
            assertThat(acked.json().get("change").asText()).isEqualTo("acknowledged");
            assertThat(acked.json().at("/incident/state").asText()).isEqualTo("acknowledged");
            assertThat(List3.seqs(opened, escalated, acked)).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aClientReconnectingWithLastEventIdGetsExactlyWhatItMissed() throws Exception {
        int port = start(Duration.ofSeconds(15));
        String lastSeen;
        try (SseReader sse = new SseReader(port, "/api/v1/incidents/stream")) {
            sse.nextComment();
            store.apply(alert("acme-bahn", "r1", Severity.WARNING, T0, "first"));
            lastSeen = sse.next().id();
        }
        // while disconnected
        store.apply(alert("acme-bahn", "r2", Severity.WARNING, T0.plusSeconds(1), "second"));
        store.apply(alert("fizzcola", "r1", Severity.CRITICAL, T0.plusSeconds(2), "third"));

        try (SseReader again = new SseReader(port, "/api/v1/incidents/stream", "Last-Event-ID", lastSeen)) {
            assertThat(again.next().json().at("/incident/summary").asText()).isEqualTo("second");
            assertThat(again.next().json().at("/incident/summary").asText()).isEqualTo("third");
            store.apply(alert("fizzcola", "r2", Severity.INFO, T0.plusSeconds(3), "fourth"));
            assertThat(again.next().json().at("/incident/summary").asText()).isEqualTo("fourth");
        }
    }

    @Test
    void theListsLastEventIdLetsAClientStreamWithoutAGap() throws Exception {
        store.apply(alert("acme-bahn", "r1", Severity.WARNING, T0, "before the list"));
        int port = start(Duration.ofSeconds(15));
        String position = TestHttp.get(port, "/api/v1/incidents").json().get("lastEventId").asText();
        store.apply(alert("acme-bahn", "r2", Severity.WARNING, T0.plusSeconds(5), "between list and stream"));
        try (SseReader sse = new SseReader(port, "/api/v1/incidents/stream?lastEventId=" + position)) {
            assertThat(sse.next().json().at("/incident/summary").asText()).isEqualTo("between list and stream");
        }
    }

    @Test
    void anIdFromAnotherServerRunOrTooOldGetsAResetEvent() throws Exception {
        int port = start(Duration.ofSeconds(15));
        try (SseReader sse = new SseReader(port, "/api/v1/incidents/stream", "Last-Event-ID", "zzzz-42")) {
            SseEvent reset = sse.next();
            assertThat(reset.name()).isEqualTo("reset");
            assertThat(reset.data()).contains("reload");
            assertThat(reset.id()).isNotBlank();
        }
    }

    @Test
    void anIdleStreamGetsKeepAliveComments() throws Exception {
        int port = start(Duration.ofMillis(200));
        try (SseReader sse = new SseReader(port, "/api/v1/incidents/stream")) {
            assertThat(sse.nextComment().data()).startsWith("connected");
            assertThat(sse.nextComment().data()).isEqualTo("keep-alive");
        }
    }

    @Test
    void closingTheServerEndsOpenStreams() throws Exception {
        int port = start(Duration.ofSeconds(15));
        try (SseReader sse = new SseReader(port, "/api/v1/incidents/stream")) {
            sse.nextComment();
            server.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> sse.ended);
        }
        server = null;
    }

    @Test
    void aClientThatStopsReadingIsDroppedAndDoesNotHoldUpAReadingClient() throws Exception {
        int port = start(Duration.ofSeconds(15));
        String big = "x".repeat(4000);
        try (java.net.Socket stalled = new java.net.Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("localhost", port), 5000);
            stalled.getOutputStream().write(("GET /api/v1/incidents/stream HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            stalled.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.meterRegistry()
                    .get("monitor.api.sse.clients").gauge().value() == 1.0);
            try (SseReader reader = new SseReader(port, "/api/v1/incidents/stream")) {
                reader.nextComment();
                var dropped = server.meterRegistry().get("monitor.api.sse.dropped").counter();
                int published = 0;
                // Publish in batches the reading client confirms, until the stalled one's buffers and queue are
                // full and it is dropped (several MB of socket buffer on loopback; bounded at 5000 events).
                while (dropped.count() == 0 && published < 5000) {
                    for (int k = 0; k < 50; k++, published++) {
                        store.apply(alert("acme-bahn", "r" + published, Severity.INFO, T0, big));
                    }
                    for (int k = published - 50; k < published; k++) {
                        assertThat(reader.next().json().at("/incident/rule").asText()).isEqualTo("r" + k);
                    }
                }
                assertThat(dropped.count()).as("stalled client dropped after %d events", published).isEqualTo(1.0);
                store.apply(alert("fizzcola", "after", Severity.INFO, T0, "still flowing"));
                assertThat(reader.next().json().at("/incident/summary").asText()).isEqualTo("still flowing");
            }
        }
    }

    /** Sequence numbers of this run's ids. */
    private static final class List3 {
        static java.util.List<Long> seqs(SseEvent... events) {
            java.util.List<Long> out = new java.util.ArrayList<>();
            for (SseEvent e : events) {
                out.add(Long.parseLong(e.id().substring(e.id().lastIndexOf('-') + 1)));
            }
            return out;
        }
    }
}
