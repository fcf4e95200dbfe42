package io.monitor.api.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.api.incidents.Incident;
import io.monitor.api.incidents.IncidentChange;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.ChannelSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.DeadLetter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications: decides with {@link RoutingPolicy} which channel hears about an incident change (and, on each
 * {@link #remind} tick, which repeats and escalations are due), writes each decision as a {@link Delivery} to the
 * Kafka outbox ({@code Topics.NOTIFICATIONS_OUTBOX}) and delivers it from there with one {@link OutboxSender} per
 * channel (retries with backoff, dead letters, consumer groups). Deliveries survive restarts and are sent at least
 * once; a failing channel never blocks another.
 *
 * <p>Changes are only decided while {@code live} is true, i.e. after the incident view has caught up with Kafka, so
 * replaying history at start does not notify again. Channel types: webhook, slack, teams, pagerduty, email. Options
 * are validated by {@link ChannelRules} (a {@link io.monitor.core.config.SettingsException} naming the key); a
 * channel whose environment is missing (URL or secret variable unset, URL not https) is skipped with a warning that
 * says what to fix, so the other channels still work.
 *
 * <p>Channels change at run time with {@link #reconfigure} (the API's channel endpoints, {@code Topics.CHANNELS}): the
 * routing uses the new set from the next decision on; the sender of a removed channel is stopped (its undelivered
 * outbox records stay on the topic, committed offsets in its consumer group), a new channel gets a sender, and a
 * changed one gets a new sender (stopped, then started with the new settings; the same consumer group, so it resumes
 * where the old one stopped).
 *
 * <pre>
 * Notifier n = Notifier.fromSettings(settings, "localhost:9092", System::getenv, view::caughtUp, Clock.systemUTC(), meters);
 * store.addListener(n);
 * n.start();          // every ~10 s: n.remind(activeIncidents)
 * </pre>
 */
public final class Notifier implements Consumer<IncidentChange>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final RoutingPolicy policy;
    private final Map<String, Channel> channels;
    /** The settings each routed channel was built from (to tell a changed channel from an unchanged one). */
    private Map<String, ChannelSettings> settingsById = new HashMap<>();
    /** The effective channels of the last {@link #reconfigure}, usable or not (to warn once per change). */
    private Map<String, ChannelSettings> lastSeen = new HashMap<>();
    private final Object reconfiguring = new Object();
    private Function<String, String> env = name -> null;
    private boolean started;
    private final String bootstrapServers;
    private final BooleanSupplier live;
    private final String publicUrl;
    private final Map<String, String> brandNames = new HashMap<>();
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, OutboxSender> senders = new LinkedHashMap<>();
    private OutboxWriter outbox;
    private Producer<String, DeadLetter> deadLetters;

    private Notifier(List<ChannelRules> rules, Map<String, Channel> channels, String bootstrapServers,
                     BooleanSupplier live, String publicUrl, Clock clock, MeterRegistry meters) {
        this.policy = new RoutingPolicy(rules);
        this.channels = channels;
        this.bootstrapServers = bootstrapServers;
        this.live = live;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * The notifier for {@code settings.notifications()}.
     *
     * @param bootstrapServers the Kafka cluster holding the outbox; null disables notifications (logged when channels
     *                         are configured)
     * @param env              resolves {@code urlEnv}, {@code options.secretEnv}
     * @throws io.monitor.core.config.SettingsException for an invalid option
     */
    public static Notifier fromSettings(MonitorSettings settings, String bootstrapServers, Function<String, String> env,
                                        BooleanSupplier live, Clock clock, MeterRegistry meters) {
        List<ChannelRules> all = ChannelRules.parseAll(settings);
        List<ChannelRules> usable = new ArrayList<>();
        Map<String, Channel> channels = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            ChannelRules r = all.get(i);
            String key = "notifications[" + i + "] (" + r.id() + ")";
            try {
                channels.put(r.id(), channel(r, env, clock));
                usable.add(r);
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: {}. The channel is ignored.", key, e.getMessage());
            }
        }
        if (bootstrapServers == null && !usable.isEmpty()) {
            LOG.warn("{} notification channel(s) configured, but this API server runs without Kafka, which holds the "
                    + "notification outbox; nothing will be sent", usable.size());
            usable.clear();
            channels.clear();
        }
        Notifier n = new Notifier(usable, channels, bootstrapServers, live, settings.api().publicUrl(), clock, meters);
        n.env = env;
        for (ChannelSettings c : settings.notifications()) {
            n.lastSeen.put(c.id(), c);
            if (n.channels.containsKey(c.id())) {
                n.settingsById.put(c.id(), c);
            }
        }
        for (BrandSettings b : settings.brands()) {
            n.brandNames.put(b.id(), b.name() == null || b.name().isBlank() ? b.id() : b.name());
        }
        return n;
    }

    private static Channel channel(ChannelRules r, Function<String, String> env, Clock clock) {
        if (r.type().equals("email")) {
            Map<String, Object> o = r.options();
            return new EmailChannel(r.id(), o.get("host").toString(),
                    ChannelRules.integer(o, "port", 25, 1, 65535, "options"),
                    Boolean.parseBoolean(String.valueOf(o.getOrDefault("starttls", "false"))), o.get("from").toString(),
                    ChannelRules.list(o.get("to")), String.valueOf(o.getOrDefault("subjectPrefix", "[monitor]")), clock,
                    r.messages());
        }
        String value = env.apply(r.urlEnv());
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("urlEnv: environment variable " + r.urlEnv() + " is not set");
        }
        if (r.type().equals("pagerduty")) {
            URI url = WebhookUrls.validate(String.valueOf(r.options().getOrDefault("url", PagerDutyChannel.DEFAULT_URL)));
            return new PagerDutyChannel(r.id(), url, value.trim(), r.messages());
        }
        URI url;
        try {
            url = WebhookUrls.validate(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("urlEnv: the URL in " + r.urlEnv() + " " + e.getMessage());
        }
        return switch (r.type()) {
            case "slack" -> new SlackChannel(r.id(), url, r.messages());
            case "teams" -> new TeamsChannel(r.id(), url, r.messages());
            default -> {
                Object secretEnv = r.options().get("secretEnv");
                String secret = env.apply(secretEnv.toString());
                if (secret == null) {
                    throw new IllegalArgumentException("options.secretEnv: environment variable " + secretEnv
                            + " holding the signing secret is not set");
                }
                WebhookSigner signer;
                try {
                    signer = new WebhookSigner(secret);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("options.secretEnv: " + e.getMessage());
                }
                yield new WebhookChannel(r.id(), url, signer, clock);
            }
        };
    }

    /**
     * Throws an IllegalArgumentException whose message starts with the setting at fault ({@code urlEnv: ...},
     * {@code options.secretEnv: ...}) when this process could not deliver to the channel: a variable named there is not
     * set in {@code env}, or the URL in it is not acceptable. The check the notifier applies when it builds the channel.
     */
    public static void checkDeliverable(ChannelRules rules, Function<String, String> env) {
        channel(rules, env, Clock.systemUTC());
    }

    public synchronized int channelCount() {
        return channels.size();
    }

    /** Whether notifications are routed to and sent from the channel {@code id} in this process now. */
    public synchronized boolean delivers(String id) {
        return started && senders.containsKey(id);
    }

    /** Opens the outbox producer and starts one sender per channel. */
    public synchronized void start() {
        if (started || bootstrapServers == null) {
            return;
        }
        started = true;
        startSenders();
    }

    /** Opens the outbox when there is a channel, and starts a sender for every routed channel that has none. */
    private void startSenders() {
        if (!started || channels.isEmpty()) {
            return;
        }
        if (outbox == null) {
            outbox = new OutboxWriter(bootstrapServers, meters);
            deadLetters = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.CLIENT_ID_CONFIG, "monitor-api-notify-deadletters",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                    Topics.DEAD_LETTERS.keySerde().serializer(), Topics.DEAD_LETTERS.valueSerde().serializer());
        }
        for (ChannelRules r : policy.channels()) {
            if (senders.containsKey(r.id())) {
                continue;
            }
            // Retry timing runs on the wall clock whatever clock decides routing (tests move that one by hand).
            OutboxSender s = new OutboxSender(bootstrapServers, channels.get(r.id()), r, deadLetters, meters,
                    Clock.systemUTC());
            senders.put(r.id(), s);
            s.start();
        }
    }

    /**
     * Follows the effective channels (config channels overlaid by run-time changes): routing decisions from now on use
     * this set; senders of removed or changed channels are stopped (and, if changed, started again with the new
     * settings), new channels get a sender. A channel that cannot be built here (an option invalid, an environment
     * variable unset) is left out with a warning, as at start-up. Serialised; the current set wins, whatever order
     * concurrent calls come in, as long as each passes the set current at its call. A no-op without Kafka.
     */
    public void reconfigure(List<ChannelSettings> effective) {
        if (bootstrapServers == null) {
            return;
        }
        synchronized (reconfiguring) {
            Map<String, ChannelSettings> wanted = new LinkedHashMap<>();
            List<ChannelRules> rules = new ArrayList<>();
            Map<String, Channel> built = new HashMap<>();
            Map<String, ChannelSettings> seen = new HashMap<>();
            for (ChannelSettings c : effective) {
                seen.put(c.id(), c);
                String key = "channel '" + c.id() + "'";
                try {
                    c.validate(key);
                    // Brands are not checked against the config here: brands are created and deleted at run time.
                    ChannelRules r = ChannelRules.parse(c, key, Set.of());
                    built.put(c.id(), channel(r, env, clock));
                    rules.add(r);
                    wanted.put(c.id(), c);
                } catch (RuntimeException e) {
                    if (!c.equals(lastSeen.get(c.id()))) {
                        LOG.warn("{}: {}. The channel is ignored.", key, e.getMessage());
                    }
                }
            }
            List<OutboxSender> stale = new ArrayList<>();
            synchronized (this) {
                for (var it = senders.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!java.util.Objects.equals(wanted.get(e.getKey()), settingsById.get(e.getKey()))) {
                        stale.add(e.getValue());
                        it.remove();
                    }
                }
                for (String id : settingsById.keySet()) {
                    if (!wanted.containsKey(id)) {
                        LOG.info("notification channel '{}' removed: no new notifications go there", id);
                    } else if (!wanted.get(id).equals(settingsById.get(id))) {
                        LOG.info("notification channel '{}' changed: its routing applies from now on", id);
                    }
                }
                for (String id : wanted.keySet()) {
                    if (!settingsById.containsKey(id)) {
                        LOG.info("notification channel '{}' added", id);
                    }
                }
                settingsById = wanted;
                lastSeen = seen;
                channels.clear();
                channels.putAll(built);
                policy.channels(rules);
            }
            // Outside the notifier's lock: deciding and writing go on while a sender finishes its attempt.
            stale.forEach(OutboxSender::stop);
            stale.forEach(OutboxSender::close);
            synchronized (this) {
                startSenders();
            }
        }
    }

    @Override
    public synchronized void accept(IncidentChange change) {
        if (outbox == null || !live.getAsBoolean()) {
            return;
        }
        Instant now = clock.instant();
        // Changes of one incident are stamped by what changed, so every instance derives the same delivery id.
        String stamp = change.incident().updatedAt() + "/" + change.incident().lastActivityAt() + "/"
                + change.incident().state();
        write(policy.onChange(change, now), stamp, now);
    }

    /**
     * Decides the repeats and escalations due now for the given active incidents (open, acknowledged, snoozed) and
     * writes them to the outbox. Called periodically by the server.
     */
    public synchronized void remind(Collection<Incident> active) {
        if (outbox == null || !live.getAsBoolean()) {
            return;
        }
        Instant now = clock.instant();
        List<RoutingPolicy.Decision> due = policy.onTick(active, now);
        for (RoutingPolicy.Decision d : due) {
            // Repeats are numbered from the incident's start, so instances ticking at slightly different times agree.
            long n = Duration.between(d.incident().startsAt(), now).toMillis()
                    / Math.max(1, d.channel().repeatInterval().toMillis());
            write(List.of(d), d.kind().equals("reminder") ? "reminder#" + n : "escalation@" + d.incident().startsAt(), now);
        }
    }

    private void write(List<RoutingPolicy.Decision> decisions, String stamp, Instant now) {
        for (RoutingPolicy.Decision d : decisions) {
            Incident i = d.incident();
            outbox.write(new Delivery(Delivery.VERSION, Delivery.idFor(d.channel().id(), d.kind(), i, stamp),
                    d.channel().id(), d.kind(), i, brandNames.getOrDefault(i.brand(), i.brand()),
                    publicUrl + "/#incident=" + i.fingerprint(), now));
        }
    }

    /** Waits until everything decided so far is in the outbox (for an orderly shutdown and tests). */
    public void flush() {
        OutboxWriter o = outbox;
        if (o != null) {
            o.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (outbox != null) {
            outbox.close(); // first: what was decided reaches the outbox, to be sent after a restart
        }
        senders.values().forEach(OutboxSender::stop); // all at once, so shutdown waits for the slowest channel only
        senders.values().forEach(OutboxSender::close);
        if (deadLetters != null) {
            deadLetters.close(Duration.ofSeconds(5));
        }
        senders.clear();
        outbox = null;
        deadLetters = null;
        started = false;
    }
}
