package io.monitor.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.ConnectorHealth.Status;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop every connector runs in, on its own thread:
 *
 * <ol>
 *   <li>throttle: wait until the next fetch is due (poll interval, backoff or rate-limit reset), sending heartbeats;</li>
 *   <li>fetch from the cursor ({@link Connector#fetch});</li>
 *   <li>publish the mapped mentions and dead-letter the unmappable payloads, and wait for Kafka's acknowledgement;</li>
 *   <li>only then store the new cursor.</li>
 * </ol>
 *
 * A retryable failure is retried at most {@link RetryPolicy#maxRetries()} times with backoff (honouring the
 * platform's Retry-After); after that the runner reports DOWN and tries again one poll interval later (or when the
 * platform's requested wait is over, if that is later: streams compute X's reconnect ladder themselves) with a fresh
 * budget. A fatal failure (authentication, bad request) stops this runner with a message saying what to fix; the
 * other runners continue. Interrupting the thread stops the loop.
 *
 * <p>Metrics (tags {@code platform}, {@code connector}): {@code monitor.ingest.mentions.fetched},
 * {@code monitor.ingest.mentions.published}, {@code monitor.ingest.deadletters}, {@code monitor.ingest.errors}
 * (plus tag {@code kind}), gauges {@code monitor.ingest.backoff.seconds} and {@code monitor.ingest.cursor.lag.seconds}.
 */
public final class ConnectorRunner implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRunner.class);
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(10);

    private final Connector connector;
    private final MentionSink sink;
    private final CursorStore cursors;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Random jitter;
    private final MeterRegistry registry;
    private final Tags tags;

    private final Counter fetched;
    private final Counter published;
    private final Counter deadLettered;
    private final AtomicLong backoffMillis = new AtomicLong();
    private final List<Gauge> gauges;
    private final AtomicLong newestCreatedAtMillis = new AtomicLong(-1);

    private volatile Status status = Status.UP;
    private volatile String detail;
    private Instant lastSuccess;
    private Instant lastHeartbeat;

    public ConnectorRunner(Connector connector, MentionSink sink, CursorStore cursors, RetryPolicy retry, Clock clock,
                           Sleeper sleeper, MeterRegistry registry) {
        this.connector = Objects.requireNonNull(connector);
        this.sink = Objects.requireNonNull(sink);
        this.cursors = Objects.requireNonNull(cursors);
        this.retry = Objects.requireNonNull(retry);
        this.clock = Objects.requireNonNull(clock);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.registry = registry;
        this.jitter = new Random(connector.id().hashCode());
        this.tags = Tags.of("platform", connector.platform(), "connector", connector.id());
        this.fetched = registry.counter("monitor.ingest.mentions.fetched", tags);
        this.published = registry.counter("monitor.ingest.mentions.published", tags);
        this.deadLettered = registry.counter("monitor.ingest.deadletters", tags);
        // strong references, removed when the loop ends: a restarted runner with the same id registers fresh ones
        this.gauges = List.of(
                Gauge.builder("monitor.ingest.backoff.seconds", backoffMillis, v -> v.get() / 1000.0).tags(tags)
                        .strongReference(true).register(registry),
                Gauge.builder("monitor.ingest.cursor.lag.seconds", newestCreatedAtMillis,
                        v -> v.get() < 0 ? Double.NaN : (clock.millis() - v.get()) / 1000.0).tags(tags)
                        .strongReference(true).register(registry));
    }

    /** The last reported status (for tests and the app's readiness). */
    public Status status() {
        return status;
    }

    @Override
    public void run() {
        try {
            loop();
        } finally {
            gauges.forEach(registry::remove);
        }
    }

    private void loop() {
        String id = connector.id();
        String cursor = null;
        boolean interrupted = false;
        try {
            cursor = connector.durableCursor() ? cursors.load(id).orElse(null) : null;
            LOG.info("{} ({}) starting from cursor {}", id, connector.platform(), cursor == null ? "(none)"
                    : SeenWindowCursor.abbreviate(cursor));
            // a stored cursor is trusted once a fetch from it worked; before that, a connector refusing it means
            // the stored record is unreadable (corrupt, another version, another connector's), not a bug
            boolean cursorProven = cursor == null;
            Instant due = clock.instant();
            int failures = 0;
            while (!Thread.currentThread().isInterrupted()) {
                waitUntil(due);
                Batch batch;
                try {
                    batch = connector.fetch(cursor);
                } catch (IllegalArgumentException e) {
                    if (cursorProven) {
                        throw e;
                    }
                    discardUnreadableCursor(cursor, e);
                    cursor = null;
                    cursorProven = true;
                    continue;
                } catch (FetchException e) {
                    error(e.kind());
                    if (!e.retryable()) {
                        report(Status.DOWN, e.getMessage());
                        LOG.error("{} stopped: {}", id, e.getMessage());
                        return;
                    }
                    failures++;
                    due = afterFailure(e.getMessage(), e.retryAfter(), failures);
                    if (failures > retry.maxRetries()) {
                        failures = 0;
                    }
                    continue;
                }
                cursorProven = true;
                fetched.increment(batch.mentions().size());
                try {
                    publish(batch);
                    if (batch.cursor() != null && !batch.cursor().equals(cursor)) {
                        if (connector.durableCursor()) {
                            cursors.save(id, batch.cursor());
                        }
                        cursor = batch.cursor();
                    }
                } catch (MentionSink.PublishException e) {
                    error("publish");
                    failures++;
                    due = afterFailure("publishing to Kafka failed, cursor stays at " + cursor + ": "
                            + e.getMessage(), null, failures);
                    if (failures > retry.maxRetries()) {
                        failures = 0;
                    }
                    continue;
                }
                failures = 0;
                backoffMillis.set(0);
                lastSuccess = clock.instant();
                report(Status.UP, null);
                Instant now = clock.instant();
                due = batch.more() ? now : now.plus(connector.pollInterval());
                if (batch.notBefore() != null && batch.notBefore().isAfter(due)) {
                    LOG.info("{}: rate limit reached, next fetch at {}", id, batch.notBefore());
                    due = batch.notBefore();
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // Kafka's unchecked interrupt from a sink or store that did not translate it: a stop, not a bug
            Thread.interrupted();
            interrupted = true;
        } catch (RuntimeException e) {
            // A bug (a mapping that throws instead of rejecting): say so loudly, the other connectors continue.
            error("bug");
            LOG.error("{} stopped by an unexpected error; cursor stays at {}", id, SeenWindowCursor.abbreviate(cursor), e);
            report(Status.DOWN, "stopped by an unexpected error: " + e);
            return;
        }
        LOG.info("{} stopped at cursor {}", id, SeenWindowCursor.abbreviate(cursor));
        // The last heartbeat goes out before the interrupt is restored: a producer send that has to wait (for
        // metadata, for buffer space) fails at once in an interrupted thread, and "stopped" would be lost.
        report(Status.DOWN, "stopped");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish(Batch batch) throws InterruptedException {
        List<DeadLetter> dead = batch.rejected().stream()
                .map(r -> new DeadLetter(connector.id(), -1, -1, null, r.raw(),
                        r.reason(), "ingest:" + connector.platform(), clock.instant()))
                .toList();
        if (batch.mentions().isEmpty() && dead.isEmpty()) {
            return;
        }
        sink.publish(batch.mentions(), dead);
        published.increment(batch.mentions().size());
        deadLettered.increment(dead.size());
        if (!dead.isEmpty()) {
            LOG.warn("{}: {} payloads could not be mapped and went to the dead-letter topic, first: {}",
                    connector.id(), dead.size(), dead.get(0).reason());
        }
        batch.mentions().stream().map(Mention::createdAt).max(Instant::compareTo)
                .ifPresent(t -> newestCreatedAtMillis.accumulateAndGet(t.toEpochMilli(), Math::max));
    }

    /**
     * The stored cursor cannot be read by this connector: it goes to the dead-letter topic (key = connector id, so it
     * can be put back once repaired) and the connector starts as on its first run, saying what that means and what
     * to do. Stopping instead would lose everything from now on for one bad record.
     */
    private void discardUnreadableCursor(String cursor, IllegalArgumentException e) throws InterruptedException {
        String reason = "unreadable cursor of connector " + connector.id() + " (" + connector.platform() + "): "
                + e.getMessage();
        error("cursor");
        LOG.error("{}: {}. The connector starts afresh as on its first run (its lookback: posts older than that are "
                + "not fetched again, newer ones may be published twice and are deduplicated downstream). The record "
                + "is in {} (key {}); to resume elsewhere, write a valid cursor for key {} to {}, or send a tombstone "
                + "to start afresh without this message", connector.id(), reason, io.monitor.core.kafka.Topics.DEAD_LETTERS,
                connector.id(), connector.id(), io.monitor.core.kafka.Topics.CONNECTOR_CURSORS);
        try {
            sink.publish(List.of(), List.of(new DeadLetter(io.monitor.core.kafka.Topics.CONNECTOR_CURSORS.name(), -1, -1,
                    connector.id(), cursor, reason, "ingest:" + connector.platform(), clock.instant())));
            deadLettered.increment();
        } catch (MentionSink.PublishException pe) {
            LOG.error("{}: the unreadable cursor could not be written to {} either ({}); it stays in {} until the next "
                    + "cursor replaces it", connector.id(), io.monitor.core.kafka.Topics.DEAD_LETTERS, pe.getMessage(),
                    io.monitor.core.kafka.Topics.CONNECTOR_CURSORS);
        }
    }

    /** Decides when to try again after the {@code failures}-th failure in a row, logs it and reports health. */
    private Instant afterFailure(String what, Duration retryAfter, int failures) {
        Instant now = clock.instant();
        if (failures > retry.maxRetries()) {
            // a fresh budget one poll interval later, but never before the wait the platform asked for
            Duration next = connector.pollInterval();
            if (retryAfter != null && retryAfter.compareTo(next) > 0) {
                next = retryAfter.compareTo(retry.maxRetryAfter()) > 0 ? retry.maxRetryAfter() : retryAfter;
            }
            backoffMillis.set(next.toMillis());
            report(Status.DOWN, what);
            LOG.error("{}: {}; gave up after {} retries, next attempt in {}", connector.id(), what, retry.maxRetries(),
                    next);
            return now.plus(next);
        }
        Duration wait = retry.delay(failures, retryAfter, jitter);
        backoffMillis.set(wait.toMillis());
        report(Status.DEGRADED, what);
        LOG.warn("{}: {}; retry {} of {} in {}{} ({} left)", connector.id(), what, failures, retry.maxRetries(), wait,
                retryAfter != null ? " as the platform asked" : "", retry.maxRetries() - failures);
        return now.plus(wait);
    }

    private void waitUntil(Instant due) throws InterruptedException {
        while (true) {
            Instant now = clock.instant();
            if (lastHeartbeat == null || !now.isBefore(lastHeartbeat.plus(HEARTBEAT_EVERY))) {
                heartbeat(now);
            }
            if (!now.isBefore(due)) {
                return;
            }
            Duration left = Duration.between(now, due);
            sleeper.sleep(left.compareTo(HEARTBEAT_EVERY) < 0 ? left : HEARTBEAT_EVERY);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void report(Status s, String why) {
        boolean changed = s != status || !Objects.equals(why, detail);
        status = s;
        detail = why;
        if (changed) {
            heartbeat(clock.instant());
        }
    }

    private void heartbeat(Instant now) {
        lastHeartbeat = now;
        sink.health(new ConnectorHealth(connector.id(), connector.platform(), status, lastSuccess, detail, now));
    }

    private void error(String kind) {
        registry.counter("monitor.ingest.errors", tags.and("kind", kind)).increment();
    }
}
