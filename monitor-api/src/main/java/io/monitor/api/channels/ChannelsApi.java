package io.monitor.api.channels;

import io.monitor.api.auth.Role;
import io.monitor.api.brands.BrandCatalog;
import io.monitor.api.brands.Bodies;
import io.monitor.api.brands.ChangeWriter;
import io.monitor.api.http.ApiException;
import io.monitor.api.http.Request;
import io.monitor.api.http.Route;
import io.monitor.api.http.Router;
import io.monitor.core.config.ChannelSettings;
import io.monitor.core.model.ChannelDefinition;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification-channel endpoints (routing rules included), over a {@link ChannelCatalog} that a
 * {@link io.monitor.api.brands.CatalogFeed} keeps in step with {@code Topics.CHANNELS}, and the {@link ChangeWriter}
 * that stores changes there (acks=all; answered after Kafka acknowledged). The same pattern as
 * {@link io.monitor.api.brands.BrandsApi}: validated ({@link ChannelCommand}), written, applied to this server's view
 * with its offset, answered; writes of one server are serialised, so "409 on an existing id" holds within a server.
 * The notifier follows the catalog ({@link ChannelCatalog#onChanged}).
 *
 * <p>Every route needs the admin role, reading too: the routing reveals the on-call structure. Secrets are never
 * shown nor stored: a channel names the environment variable holding its URL or routing key ({@code urlEnv}); the view
 * says whether that variable is set in this process, never its value.
 *
 * <table>
 *   <caption>routes (role admin)</caption>
 *   <tr><td>GET /api/v1/channels</td><td>effective channels (config overlaid by the topic)</td></tr>
 *   <tr><td>POST /api/v1/channels</td><td>create (201; 409 when the id exists)</td></tr>
 *   <tr><td>GET, PUT, DELETE /api/v1/channels/{channel}</td><td>one channel, replace, delete (204)</td></tr>
 * </table>
 */
public final class ChannelsApi {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelsApi.class);

    private final ChannelCatalog catalog;
    private final BrandCatalog brands;
    private final ChangeWriter writer;
    private final Function<String, String> env;
    private final Predicate<String> delivers;
    private final Clock clock;
    private final BooleanSupplier complete;
    private final Runnable awaitLatest;

    /**
     * @param env         this process's environment (the notifier's): {@code urlEnv} must be set in it
     * @param delivers    whether the notifier sends to a channel id now
     * @param complete    whether the view has read the topic up to its end at start
     * @param awaitLatest runs before every change (see {@link io.monitor.api.brands.CatalogFeed#awaitLatest})
     */
    public ChannelsApi(ChannelCatalog catalog, BrandCatalog brands, ChangeWriter writer, Function<String, String> env,
                       Predicate<String> delivers, Clock clock, BooleanSupplier complete, Runnable awaitLatest) {
        this.catalog = catalog;
        this.brands = brands;
        this.writer = writer;
        this.env = env;
        this.delivers = delivers;
        this.clock = clock;
        this.complete = complete;
        this.awaitLatest = awaitLatest;
    }

    public ChannelCatalog catalog() {
        return catalog;
    }

    public void register(Router router) {
        router.add(new Route("GET", "/api/v1/channels", Role.ADMIN, this::list));
        router.add(new Route("POST", "/api/v1/channels", Role.ADMIN, this::create));
        router.add(new Route("GET", "/api/v1/channels/{channel}", Role.ADMIN, this::get));
        router.add(new Route("PUT", "/api/v1/channels/{channel}", Role.ADMIN, this::change));
        router.add(new Route("DELETE", "/api/v1/channels/{channel}", Role.ADMIN, this::delete));
    }

    private void list(Request r) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ChannelCatalog.Entry e : catalog.list()) {
            out.add(view(e));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channels", out);
        body.put("count", out.size());
        body.put("complete", complete.getAsBoolean());
        r.json(200, body);
    }

    private void get(Request r) throws IOException {
        r.json(200, view(existing(r.path("channel"))));
    }

    private void create(Request r) throws IOException {
        Instant now = clock.instant();
        ChannelSettings c = ChannelCommand.create(r.jsonBody(), brandIds(), env);
        ChannelDefinition d = ChannelDefinition.of(c, r.principal().name(), now);
        synchronized (this) {
            awaitLatest.run(); // decide on the newest state, also of changes other instances made a moment ago
            if (catalog.contains(c.id())) {
                throw new ApiException(409, "conflict", "Conflict", "a channel '" + c.id() + "' exists; change it with "
                        + "PUT /api/v1/channels/" + c.id()).with("id", c.id());
            }
            catalog.apply(d, writer.write(d));
        }
        LOG.info("notification channel '{}' ({}) created by {}", c.id(), c.type(), d.updatedBy());
        r.exchange().getResponseHeaders().set("Location", "/api/v1/channels/" + c.id());
        r.json(201, view(catalog.get(c.id()).orElseThrow()));
    }

    private void change(Request r) throws IOException {
        String id = r.path("channel");
        existing(id);
        ChannelSettings c = ChannelCommand.change(id, r.jsonBody(), brandIds(), env);
        ChannelDefinition d = ChannelDefinition.of(c, r.principal().name(), clock.instant());
        synchronized (this) {
            awaitLatest.run();
            existing(id); // not deleted meanwhile
            catalog.apply(d, writer.write(d));
        }
        LOG.info("notification channel '{}' changed by {}", id, d.updatedBy());
        r.json(200, view(catalog.get(id).orElseThrow()));
    }

    private void delete(Request r) {
        String id = r.path("channel");
        synchronized (this) {
            awaitLatest.run();
            existing(id);
            ChannelDefinition d = ChannelDefinition.deletion(id, r.principal().name(), clock.instant());
            catalog.apply(d, writer.write(d));
        }
        LOG.info("notification channel '{}' deleted by {}", id, r.principal().name());
        // No body: the router answers 204.
    }

    private ChannelCatalog.Entry existing(String id) {
        return catalog.get(id).orElseThrow(() -> ApiException.notFound("no channel '" + Bodies.abbreviate(id)
                + "'; GET /api/v1/channels lists them"));
    }

    private Set<String> brandIds() {
        Set<String> ids = new TreeSet<>();
        brands.list().forEach(b -> ids.add(b.id()));
        return ids;
    }

    private Map<String, Object> view(ChannelCatalog.Entry e) {
        ChannelSettings c = e.settings();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("type", c.type());
        m.put("urlEnv", c.urlEnv());
        m.put("urlEnvSet", isSet(c.urlEnv()));
        Object secretEnv = c.options().get("secretEnv");
        if (secretEnv != null) {
            m.put("secretEnvSet", isSet(secretEnv.toString()));
        }
        m.put("minSeverity", c.minSeverity());
        m.put("options", new java.util.TreeMap<>(c.options()));
        m.put("delivering", delivers.test(c.id()));
        m.put("source", e.source());
        m.put("updatedBy", e.updatedBy());
        m.put("updatedAt", e.updatedAt());
        return m;
    }

    private boolean isSet(String name) {
        if (name == null || name.isBlank()) {
            return false;
        }
        String v = env.apply(name);
        return v != null && !v.isBlank();
    }
}
