package io.monitor.api.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.model.Alert;
import io.monitor.core.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fan-out policy of the SSE hub: bounded per-client queues, slow clients dropped, bounded replay. */
class IncidentStreamTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private static IncidentChange change(int n) {
        Alert a = Alert.firing(Map.of("brand", "acme-bahn", "rule", "r" + n), Map.of("summary", "s" + n),
                Severity.WARNING, T0.plusSeconds(n));
        IncidentStore store = new IncidentStore();
        List<IncidentChange> out = new ArrayList<>();
        store.addListener(out::add);
        store.apply(a);
        return out.get(0);
    }

    @Test
    void aClientThatDoesNotReadIsDroppedWhileAReadingClientGetsEverything() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IncidentStream stream = new IncidentStream(100, 8, 10, meters);
        IncidentStream.Client slow = stream.subscribe(null);
        IncidentStream.Client fast = stream.subscribe(null);
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stream.accept(change(i));
            IncidentStream.Event e = fast.next(Duration.ofSeconds(1));
            received.add(e.data());
        }
        assertThat(received).hasSize(20);
        assertThat(slow.dropReason()).contains("did not keep up");
        assertThat(slow.next(Duration.ofMillis(10))).isNull();
        assertThat(fast.dropReason()).isNull();
        assertThat(stream.clientCount()).isEqualTo(1);
        assertThat(meters.get("monitor.api.sse.dropped").counter().count()).isEqualTo(1.0);
    }

    @Test
    void replayIsBoundedAndAnIdOlderThanTheBufferGetsAReset() throws Exception {
        IncidentStream stream = new IncidentStream(5, 8, 10, new SimpleMeterRegistry());
        IncidentStream.Client first = stream.subscribe(null);
        stream.accept(change(0));
        String firstId = first.next(Duration.ofSeconds(1)).id();
        for (int i = 1; i <= 10; i++) {
            stream.accept(change(i));
        }
        IncidentStream.Client late = stream.subscribe(firstId);
        assertThat(late.next(Duration.ofSeconds(1)).name()).isEqualTo("reset");

        String recent = stream.lastEventId();
        stream.accept(change(11));
        IncidentStream.Client resumed = stream.subscribe(recent);
        IncidentStream.Event e = resumed.next(Duration.ofSeconds(1));
        assertThat(e.name()).isEqualTo("incident");
        assertThat(e.data()).contains("\"s11\"");
    }

    @Test
    void subscribersBeyondTheLimitAreRefused() {
        IncidentStream stream = new IncidentStream(5, 8, 2, new SimpleMeterRegistry());
        assertThat(stream.subscribe(null)).isNotNull();
        assertThat(stream.subscribe(null)).isNotNull();
        assertThat(stream.subscribe(null)).isNull();
    }
}
