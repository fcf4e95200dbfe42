package io.monitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.ConnectorHealth.Status;
import io.monitor.core.model.Mention;
import io.monitor.ingest.testing.FakeClock;
import io.monitor.ingest.testing.InMemoryCursorStore;
import io.monitor.ingest.testing.InMemorySink;
import io.monitor.ingest.testing.RecordingSleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectorRunnerTest {
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    final FakeClock clock = new FakeClock(T0);
    final RecordingSleeper sleeper = new RecordingSleeper(clock);
    final InMemorySink sink = new InMemorySink();
    final InMemoryCursorStore cursors = new InMemoryCursorStore();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    interface Step {
        Batch apply(String cursor) throws FetchException;
    }

    /** A connector that plays steps; when they run out it interrupts its thread (stopping the runner). */
    class Scripted implements Connector {
        final Deque<Step> steps = new ArrayDeque<>();
        final List<String> cursorsSeen = new ArrayList<>();
        final List<Instant> fetchTimes = new ArrayList<>();

        Scripted(Step... s) {
            steps.addAll(List.of(s));
        }

        @Override
        public String id() {
            return "test-1";
        }

        @Override
        public String platform() {
            return "test";
        }

        @Override
        public Duration pollInterval() {
            return Duration.ofSeconds(60);
        }

        @Override
        public Batch fetch(String cursor) throws FetchException {
            cursorsSeen.add(cursor);
            fetchTimes.add(clock.instant());
            Step s = steps.poll();
            if (s == null) {
                Thread.currentThread().interrupt();
                return Batch.of(List.of(), null);
            }
            return s.apply(cursor);
        }
    }

    static Mention mention(String id) {
        return new Mention(Mention.SCHEMA_VERSION, "test", id, null, null, "text " + id, null, T0, T0, null, null,
                null, null, null, null);
    }

    void run(Connector c, RetryPolicy policy) {
        new ConnectorRunner(c, sink, cursors, policy, clock, sleeper, registry).run();
    }

    static Duration gap(List<Instant> times, int i) {
        return Duration.between(times.get(i - 1), times.get(i));
    }

    @Test
    void givenKafkaDoesNotAcknowledge_thenTheCursorStaysAndTheSameRangeIsFetchedAgain() {
        Scripted c = new Scripted(cur -> Batch.of(List.of(mention("1"), mention("2")), "c1"),
                cur -> Batch.of(List.of(mention("1"), mention("2")), "c1"),
                cur -> Batch.of(List.of(mention("3")), "c2"));
        sink.failNext = 1;

        run(c, RetryPolicy.DEFAULT);

        assertThat(c.cursorsSeen).containsExactly(null, null, "c1", "c2");
        assertThat(sink.ids()).containsExactly("1", "2", "3");
        assertThat(cursors.saves).containsExactly("c1", "c2");
        assertThat(registry.counter("monitor.ingest.errors", "platform", "test", "connector", "test-1", "kind",
                "publish").count()).isEqualTo(1);
    }

    @Test
    void givenAStoredCursor_thenTheFirstFetchStartsFromIt() {
        cursors.cursors.put("test-1", "stored");
        Scripted c = new Scripted(cur -> Batch.of(List.of(), "stored"));
        run(c, RetryPolicy.DEFAULT);
        assertThat(c.cursorsSeen.get(0)).isEqualTo("stored");
        assertThat(cursors.saves).isEmpty(); // unchanged cursor is not written again
    }

    @Test
    void givenAStoredCursorTheConnectorCannotRead_thenItIsDeadLetteredAndTheConnectorStartsAfreshInsteadOfStopping() {
        cursors.cursors.put("test-1", "{broken");
        Scripted c = new Scripted(cur -> {
            throw new IllegalArgumentException("unreadable test cursor (not JSON): " + cur);
        }, cur -> Batch.of(List.of(mention("1")), "c1"));

        run(c, RetryPolicy.DEFAULT);

        assertThat(c.cursorsSeen).containsExactly("{broken", null, "c1");
        assertThat(sink.ids()).containsExactly("1");
        assertThat(cursors.saves).containsExactly("c1");
        assertThat(sink.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.sourceTopic()).isEqualTo("monitor.ingest.cursors");
            assertThat(d.key()).isEqualTo("test-1");
            assertThat(d.value()).isEqualTo("{broken");
            assertThat(d.reason()).contains("unreadable cursor of connector test-1").contains("not JSON");
        });
        assertThat(sink.health).noneMatch(h -> h.status() == Status.DOWN && h.detail() != null
                && h.detail().startsWith("stopped by an unexpected error"));
    }

    @Test
    void givenACursorThatWorkedOnce_whenTheConnectorLaterThrowsIllegalArgument_thenItIsABugThatStopsOnlyThisRunner() {
        cursors.cursors.put("test-1", "good");
        Scripted c = new Scripted(cur -> Batch.of(List.of(mention("1")), "c1"), cur -> {
            throw new IllegalArgumentException("a mapping bug");
        });

        run(c, RetryPolicy.DEFAULT);

        assertThat(c.cursorsSeen).containsExactly("good", "c1");
        assertThat(sink.deadLetters).isEmpty();
        assertThat(sink.health.get(sink.health.size() - 1).detail()).startsWith("stopped by an unexpected error");
    }

    @Test
    void retryAfterFromThePlatformIsWaitedExactly() {
        Scripted c = new Scripted(cur -> {
            throw FetchException.retryable("rate_limited", "HTTP 429", Duration.ofSeconds(42), null);
        }, cur -> Batch.of(List.of(mention("1")), "c1"));

        run(c, RetryPolicy.DEFAULT);

        assertThat(gap(c.fetchTimes, 1)).isEqualTo(Duration.ofSeconds(42));
        assertThat(sink.health).extracting(ConnectorHealth::status).contains(Status.DEGRADED);
        assertThat(sink.health.stream().filter(h -> h.status() == Status.DEGRADED).findFirst().orElseThrow().detail())
                .contains("HTTP 429");
    }

    @Test
    void retriesBackOffExponentiallyAndAreBounded_thenTheConnectorWaitsAPollIntervalWithAFreshBudget() {
        Step fail = cur -> {
            throw FetchException.retryable("server", "HTTP 503", null, null);
        };
        Scripted c = new Scripted(fail, fail, fail, fail, fail, cur -> Batch.of(List.of(mention("1")), "c1"));

        run(c, new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(1)));

        // retries 1..3 wait base*2^(n-1) with jitter in [0.5, 1.0)
        assertThat(gap(c.fetchTimes, 1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(gap(c.fetchTimes, 2)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertThat(gap(c.fetchTimes, 3)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
        // the 4th failure exhausts the budget: DOWN, next attempt after the poll interval
        assertThat(gap(c.fetchTimes, 4)).isEqualTo(Duration.ofSeconds(60));
        // a fresh budget: the 5th failure is retry 1 again
        assertThat(gap(c.fetchTimes, 5)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(sink.health).extracting(ConnectorHealth::status).contains(Status.DOWN);
        assertThat(sink.ids()).containsExactly("1");
    }

    @Test
    void aFatalFailureStopsTheConnectorAndSaysWhatToFix() {
        Scripted c = new Scripted(cur -> {
            throw FetchException.fatal("auth", "HTTP 401: authentication failed, check the credential");
        }, cur -> Batch.of(List.of(mention("never")), "c1"));

        run(c, RetryPolicy.DEFAULT);

        assertThat(c.fetchTimes).hasSize(1);
        ConnectorHealth last = sink.health.get(sink.health.size() - 1);
        assertThat(last.status()).isEqualTo(Status.DOWN);
        assertThat(last.detail()).contains("check the credential");
    }

    @Test
    void unmappablePayloadsBecomeDeadLettersWithTheReasonAndTheCursorAdvances() {
        Scripted c = new Scripted(cur -> new Batch(List.of(mention("1")),
                List.of(new Batch.Rejected("{broken", "not JSON")), "c1", false, null));

        run(c, RetryPolicy.DEFAULT);

        assertThat(sink.deadLetters).singleElement().satisfies(d -> {
            assertThat(d.value()).isEqualTo("{broken");
            assertThat(d.reason()).isEqualTo("not JSON");
            assertThat(d.sourceTopic()).isEqualTo("test-1");
            assertThat(d.stage()).isEqualTo("ingest:test");
        });
        assertThat(cursors.saves).containsExactly("c1");
    }

    @Test
    void aFullPageIsFollowedAtOnce_andARateLimitResetDelaysTheNextFetch() {
        Scripted c = new Scripted(cur -> new Batch(List.of(mention("1")), List.of(), "c1", true, null),
                cur -> new Batch(List.of(mention("2")), List.of(), "c2", false, T0.plusSeconds(300)),
                cur -> Batch.of(List.of(), "c2"));

        run(c, RetryPolicy.DEFAULT);

        assertThat(gap(c.fetchTimes, 1)).isZero();
        assertThat(c.fetchTimes.get(2)).isEqualTo(T0.plusSeconds(300));
    }

    @Test
    void whileWaitingForTheNextPollHeartbeatsAreSentEveryTenSeconds() {
        Scripted c = new Scripted(cur -> Batch.of(List.of(), null), cur -> Batch.of(List.of(), null));
        run(c, RetryPolicy.DEFAULT);
        long ups = sink.health.stream().filter(h -> h.status() == Status.UP).count();
        assertThat(ups).isGreaterThanOrEqualTo(6); // one per 10 s over a 60 s poll interval
    }

    @Test
    void interruptingTheThreadStopsTheLoopPromptly() throws Exception {
        Connector idle = new Scripted(cur -> Batch.of(List.of(), null)) {
            @Override
            public Batch fetch(String cursor) {
                return Batch.of(List.of(), null);
            }
        };
        Thread t = new Thread(new ConnectorRunner(idle, sink, cursors, RetryPolicy.DEFAULT, clock, Sleeper.SYSTEM,
                registry));
        t.start();
        Thread.sleep(100);
        t.interrupt();
        t.join(2000);
        assertThat(t.isAlive()).isFalse();
        assertThat(sink.health.get(sink.health.size() - 1).detail()).isEqualTo("stopped");
    }

    @Test
    void givenAStopWhileKafkaWaitsForMetadataToStoreTheCursor_thenTheRunnerEndsWithStoppedNotWithABug() {
        // Kafka's producer throws its unchecked InterruptException from send() when the thread is interrupted while
        // it waits for metadata; seen in a whole-run fault test as "stopped by an unexpected error" and no "stopped"
        CursorStore interruptedStore = new CursorStore() {
            @Override
            public java.util.Optional<String> load(String connectorId) {
                return java.util.Optional.empty();
            }

            @Override
            public void save(String connectorId, String cursor) {
                throw new org.apache.kafka.common.errors.InterruptException(new InterruptedException());
            }
        };
        Scripted c = new Scripted(cur -> Batch.of(List.of(mention("1")), "c1"));

        new ConnectorRunner(c, sink, interruptedStore, RetryPolicy.DEFAULT, clock, sleeper, registry).run();

        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        assertThat(sink.ids()).containsExactly("1");
        assertThat(sink.health.get(sink.health.size() - 1).detail()).isEqualTo("stopped");
        assertThat(registry.find("monitor.ingest.errors").tag("kind", "bug").counter()).isNull();
    }
}
