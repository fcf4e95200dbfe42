package io.monitor.api.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.api.incidents.IncidentChange;
import io.monitor.core.config.ChannelSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.json.Json;
import io.monitor.core.model.Severity;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends incident changes to the configured generic webhooks ({@code notifications[].type: webhook}).
 *
 * <p>Listens to the incident store; changes that {@link NotificationPolicy} lets through are queued per channel.
 * Each channel has its own bounded queue and worker thread, so a slow or failing receiver never delays the others.
 * A failed attempt is retried with exponential backoff (1 s, 2 s, 4 s, ... capped at 1 min) up to
 * {@code options.maxAttempts} (default 8); what is still undelivered is logged with its delivery id.
 *
 * <p>Changes are only sent while {@code live} is true, i.e. after the incident view has caught up with Kafka, so
 * replaying history at start does not re-send old alerts. Limits, stated plainly: the queues live in memory, so
 * deliveries pending at shutdown are lost (at-most-once across restarts), and every API instance sends its own copy.
 * The Kafka outbox that fixes both is described in the module report.
 *
 * <p>Channel settings: {@code urlEnv} names the variable holding the URL; {@code options.secretEnv} names the variable
 * holding the HMAC signing secret (required, at least 16 characters); {@code minSeverity} filters;
 * {@code options.repeatInterval} (e.g. {@code 30m}; positive; omit for none) re-sends open incidents nobody has
 * acknowledged as {@code reminder}s; {@code options.maxAttempts} and {@code options.initialBackoff} tune retries.
 */
public final class Notifier implements Consumer<IncidentChange>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    static final int QUEUE = 1000;

    private record Delivery(String deliveryId, String fingerprint, byte[] body) {
    }

    private final class Worker implements Runnable {
        final WebhookChannel channel;
        final Severity minSeverity;
        final int maxAttempts;
        final Duration initialBackoff;
        final Duration repeatInterval;
        final BlockingQueue<Delivery> queue = new ArrayBlockingQueue<>(QUEUE);
        /** When each active incident was last sent to this channel (for reminders); only touched under Notifier's lock. */
        final Map<String, java.time.Instant> lastSent = new java.util.HashMap<>();
        final Thread thread;

        Worker(WebhookChannel channel, Severity minSeverity, int maxAttempts, Duration initialBackoff,
               Duration repeatInterval) {
            this.channel = channel;
            this.minSeverity = minSeverity;
            this.maxAttempts = maxAttempts;
            this.initialBackoff = initialBackoff;
            this.repeatInterval = repeatInterval;
            this.thread = new Thread(this, "monitor-notify-" + channel.id());
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    deliver(queue.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!queue.isEmpty()) {
                LOG.warn("channel {}: {} notifications not sent at shutdown", channel.id(), queue.size());
            }
        }

        private void deliver(Delivery d) throws InterruptedException {
            Duration backoff = initialBackoff;
            for (int attempt = 1; ; attempt++) {
                WebhookChannel.Attempt a = channel.send(d.deliveryId(), d.body());
                count(a.outcome().name().toLowerCase(java.util.Locale.ROOT));
                if (a.outcome() == WebhookChannel.Outcome.DELIVERED) {
                    return;
                }
                if (a.outcome() == WebhookChannel.Outcome.REJECTED) {
                    LOG.warn("channel {} rejected notification {} for incident {} ({}); not retrying: check the "
                            + "receiver and the channel settings", channel.id(), d.deliveryId(), d.fingerprint(), a.detail());
                    return;
                }
                if (attempt >= maxAttempts) {
                    count("given_up");
                    LOG.warn("channel {}: giving up on notification {} for incident {} after {} attempts (last: {})",
                            channel.id(), d.deliveryId(), d.fingerprint(), attempt, a.detail());
                    return;
                }
                LOG.info("channel {}: attempt {} of notification {} failed ({}); retrying in {} ms", channel.id(),
                        attempt, d.deliveryId(), a.detail(), backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }

        private void count(String outcome) {
            Counter.builder("monitor.api.notifications").description("webhook notification attempts by outcome")
                    .tag("channel", channel.id()).tag("outcome", outcome).register(meters).increment();
        }
    }

    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    private final List<Worker> workers = new ArrayList<>();
    private final BooleanSupplier live;
    private final String publicUrl;
    private final Clock clock;
    private final MeterRegistry meters;

    Notifier(BooleanSupplier live, String publicUrl, Clock clock, MeterRegistry meters) {
        this.live = live;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * The notifier for the webhook channels of {@code settings}; channels that cannot work (variable unset, bad URL,
     * short secret) and channel types not implemented yet are skipped with a warning that says what to fix.
     */
    public static Notifier fromSettings(MonitorSettings settings, Function<String, String> env, BooleanSupplier live,
                                        Clock clock, MeterRegistry meters) {
        Notifier n = new Notifier(live, settings.api().publicUrl(), clock, meters);
        for (ChannelSettings c : settings.notifications()) {
            String key = "notifications[id=" + c.id() + "]";
            if (!c.type().equals("webhook")) {
                LOG.warn("{}: channel type '{}' is not implemented yet; only 'webhook' is. The channel is ignored.",
                        key, c.type());
                continue;
            }
            try {
                String url = c.urlEnv() == null ? null : env.apply(c.urlEnv());
                if (url == null || url.isBlank()) {
                    throw new IllegalArgumentException("urlEnv: environment variable " + c.urlEnv() + " is not set");
                }
                java.net.URI uri;
                try {
                    uri = WebhookUrls.validate(url);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the URL in " + c.urlEnv() + " " + e.getMessage());
                }
                Object secretEnv = c.options().get("secretEnv");
                String secret = secretEnv == null ? null : env.apply(secretEnv.toString());
                if (secret == null) {
                    throw new IllegalArgumentException("options.secretEnv must name an environment variable holding "
                            + "the signing secret" + (secretEnv == null ? "" : " (" + secretEnv + " is not set)"));
                }
                int maxAttempts = Integer.parseInt(String.valueOf(c.options().getOrDefault("maxAttempts", "8")));
                Duration initial = io.monitor.core.json.Durations.parse(
                        String.valueOf(c.options().getOrDefault("initialBackoff", "1s")));
                Object repeat = c.options().get("repeatInterval");
                Duration repeatInterval = repeat == null ? null : io.monitor.core.json.Durations.parse(repeat.toString());
                if (repeatInterval != null && (repeatInterval.isZero() || repeatInterval.isNegative())) {
                    throw new IllegalArgumentException("options.repeatInterval must be positive (omit it for no "
                            + "reminders), got " + repeat);
                }
                n.workers.add(n.new Worker(new WebhookChannel(c.id(), uri, new WebhookSigner(secret), clock),
                        c.minSeverity(), Math.max(1, maxAttempts), initial, repeatInterval));
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: {}. The channel is ignored.", key, e.getMessage());
            }
        }
        return n;
    }

    public int channelCount() {
        return workers.size();
    }

    public void start() {
        workers.forEach(w -> w.thread.start());
    }

    @Override
    public synchronized void accept(IncidentChange change) {
        if (workers.isEmpty() || !live.getAsBoolean()) {
            return;
        }
        byte[] body = null;
        String deliveryId = UUID.randomUUID().toString();
        for (Worker w : workers) {
            if (!NotificationPolicy.shouldNotify(change, w.minSeverity)) {
                continue;
            }
            if (body == null) {
                body = payload(deliveryId, change);
            }
            if (change.incident().active()) {
                w.lastSent.put(change.incident().fingerprint(), clock.instant());
            } else {
                w.lastSent.remove(change.incident().fingerprint());
            }
            enqueue(w, deliveryId, change, body);
        }
    }

    /**
     * Sends a {@code reminder} for every open (not acknowledged, not snoozed) incident that a channel with
     * {@code options.repeatInterval} has not heard about for that long; acknowledging an incident stops its
     * reminders. Called periodically by the server with the currently open incidents.
     */
    public synchronized void remind(java.util.Collection<io.monitor.api.incidents.Incident> open) {
        if (workers.isEmpty() || !live.getAsBoolean()) {
            return;
        }
        java.time.Instant now = clock.instant();
        java.util.Set<String> openIds = new java.util.HashSet<>();
        for (io.monitor.api.incidents.Incident i : open) {
            if (io.monitor.api.incidents.Incident.OPEN.equals(i.state())) {
                openIds.add(i.fingerprint());
            }
        }
        for (Worker w : workers) {
            if (w.repeatInterval == null) {
                continue;
            }
            w.lastSent.keySet().retainAll(openIds);
            for (io.monitor.api.incidents.Incident i : open) {
                if (!openIds.contains(i.fingerprint()) || !i.severity().atLeast(w.minSeverity)) {
                    continue;
                }
                java.time.Instant last = w.lastSent.putIfAbsent(i.fingerprint(), now);
                if (last != null && !now.isBefore(last.plus(w.repeatInterval))) {
                    w.lastSent.put(i.fingerprint(), now);
                    String id = UUID.randomUUID().toString();
                    IncidentChange reminder = new IncidentChange("reminder", i);
                    enqueue(w, id, reminder, payload(id, reminder));
                }
            }
        }
    }

    private void enqueue(Worker w, String deliveryId, IncidentChange change, byte[] body) {
        if (!w.queue.offer(new Delivery(deliveryId, change.incident().fingerprint(), body))) {
            w.count("queue_full");
            LOG.warn("channel {}: {} notifications are waiting; dropping {} for incident {}", w.channel.id(),
                    QUEUE, change.change(), change.incident().fingerprint());
        }
    }

    private byte[] payload(String deliveryId, IncidentChange change) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", 1);
        p.put("deliveryId", deliveryId);
        p.put("sentAt", clock.instant());
        p.put("change", change.change());
        p.put("incident", change.incident());
        p.put("dashboardUrl", publicUrl + "/#incident=" + change.incident().fingerprint());
        try {
            return Json.MAPPER.writeValueAsBytes(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize notification", e);
        }
    }

    @Override
    public void close() {
        workers.forEach(w -> w.thread.interrupt());
        for (Worker w : workers) {
            try {
                w.thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
