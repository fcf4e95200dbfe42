package io.monitor.api.brands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.api.auth.Principal;
import io.monitor.api.auth.Role;
import io.monitor.api.http.ApiException;
import io.monitor.api.http.Request;
import io.monitor.api.http.Route;
import io.monitor.api.http.Router;
import io.monitor.api.incidents.Incident;
import io.monitor.api.incidents.IncidentDetail;
import io.monitor.api.incidents.IncidentStore;
import io.monitor.core.json.Json;
import io.monitor.core.model.BrandDefinition;
import io.monitor.core.model.PlannedEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The brand administration and planned-event endpoints, over a {@link BrandCatalog} and a {@link PlannedEventStore}
 * that a {@link CatalogFeed} keeps in step with Kafka, and a {@link ChangeWriter} that stores changes there.
 *
 * <p>A change is validated ({@link BrandCommand}, {@link PlannedEventCommand}), written, and applied to this server's
 * view once Kafka acknowledged it (with its offset, so the copy the feed reads back later changes nothing), then
 * answered: the caller reads its own write at once, other instances within about a second. Writes of one server are
 * serialised, so "409 on an existing id" holds within a server; two servers creating the same id in the same instant
 * both succeed and the later record wins, as for any compacted topic.
 *
 * <table>
 *   <caption>routes</caption>
 *   <tr><td>GET /api/v1/brands</td><td>viewer</td><td>effective brands with open incidents and current/upcoming events</td></tr>
 *   <tr><td>POST /api/v1/brands</td><td>admin</td><td>create (201; 409 when the id exists)</td></tr>
 *   <tr><td>GET, PUT, DELETE /api/v1/brands/{brand}</td><td>viewer, admin, admin</td><td>one brand, change, delete (204)</td></tr>
 *   <tr><td>GET /api/v1/brands/{brand}/events</td><td>viewer</td><td>?when=upcoming,current,past&amp;includeCancelled=</td></tr>
 *   <tr><td>POST /api/v1/brands/{brand}/events</td><td>responder</td><td>declare a planned event (201)</td></tr>
 *   <tr><td>GET /api/v1/events</td><td>viewer</td><td>every brand's events, same filters plus ?brand=</td></tr>
 *   <tr><td>GET, PUT, DELETE /api/v1/events/{eventId}</td><td>viewer, responder, responder</td><td>one event, change, cancel</td></tr>
 * </table>
 * Planned events need the responder role, not admin: declaring a campaign is a community manager's daily work.
 */
public final class BrandsApi {
    private static final Logger LOG = LoggerFactory.getLogger(BrandsApi.class);
    /** Upcoming events shown per brand in the brand list. */
    static final int UPCOMING_IN_LIST = 5;
    private static final Set<PlannedEventStore.When> DEFAULT_WHEN = EnumSet.of(PlannedEventStore.When.UPCOMING,
            PlannedEventStore.When.CURRENT);

    private final BrandCatalog catalog;
    private final PlannedEventStore events;
    private final ChangeWriter writer;
    private final IncidentStore incidents;
    private final Clock clock;
    private final BooleanSupplier complete;
    private final Runnable awaitLatest;

    /**
     * @param complete    whether the view has read the topics up to their end at start ({@code caughtUp} of the feed;
     *                    always true without Kafka)
     * @param awaitLatest runs before every change: returns once the view holds every change already stored, or throws
     *                    a 503 {@code ApiException} ({@link CatalogFeed#awaitLatest}; a no-op without Kafka)
     */
    public BrandsApi(BrandCatalog catalog, PlannedEventStore events, ChangeWriter writer, IncidentStore incidents,
                     Clock clock, BooleanSupplier complete, Runnable awaitLatest) {
        this.catalog = catalog;
        this.events = events;
        this.writer = writer;
        this.incidents = incidents;
        this.clock = clock;
        this.complete = complete;
        this.awaitLatest = awaitLatest;
    }

    public BrandCatalog catalog() {
        return catalog;
    }

    public PlannedEventStore events() {
        return events;
    }

    /** Registers every route but {@code GET /api/v1/brands} (the server registers {@link #list} in its place). */
    public void register(Router router) {
        router.add(new Route("POST", "/api/v1/brands", Role.ADMIN, this::createBrand));
        router.add(new Route("GET", "/api/v1/brands/{brand}", Role.VIEWER, this::getBrand));
        router.add(new Route("PUT", "/api/v1/brands/{brand}", Role.ADMIN, this::changeBrand));
        router.add(new Route("DELETE", "/api/v1/brands/{brand}", Role.ADMIN, this::deleteBrand));
        router.add(new Route("GET", "/api/v1/brands/{brand}/events", Role.VIEWER, this::brandEvents));
        router.add(new Route("POST", "/api/v1/brands/{brand}/events", Role.RESPONDER, this::createEvent));
        router.add(new Route("GET", "/api/v1/events", Role.VIEWER, this::allEvents));
        router.add(new Route("GET", "/api/v1/events/{eventId}", Role.VIEWER, this::getEvent));
        router.add(new Route("PUT", "/api/v1/events/{eventId}", Role.RESPONDER, this::changeEvent));
        router.add(new Route("DELETE", "/api/v1/events/{eventId}", Role.RESPONDER, this::cancelEvent));
    }

    // ------------------------------------------------------------------------------------------------ brands

    /** {@code GET /api/v1/brands}: the effective brands with their state, and what the caller may change. */
    public void list(Request r) throws IOException {
        Instant now = clock.instant();
        List<Map<String, Object>> out = new ArrayList<>();
        for (BrandCatalog.Brand b : catalog.list()) {
            out.add(view(b, now));
        }
        Principal p = r.principal();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("brands", out);
        body.put("count", out.size());
        body.put("complete", complete.getAsBoolean());
        body.put("canEditBrands", p != null && p.role() != null && p.role().covers(Role.ADMIN));
        body.put("canDeclareEvents", p != null && p.role() != null && p.role().covers(Role.RESPONDER));
        r.json(200, body);
    }

    private void getBrand(Request r) throws IOException {
        r.json(200, view(existing(r.path("brand")), clock.instant()));
    }

    private void createBrand(Request r) throws IOException {
        Instant now = clock.instant();
        BrandDefinition d = BrandCommand.create(r.jsonBody(), r.principal().name(), now);
        synchronized (this) {
            awaitLatest.run(); // decide on the newest state, also of changes other instances made a moment ago
            if (catalog.contains(d.id())) {
                throw conflict("a brand '" + d.id() + "' exists; change it with PUT /api/v1/brands/" + d.id())
                        .with("id", d.id());
            }
            catalog.apply(d, writer.write(d));
        }
        LOG.info("brand '{}' created by {}", d.id(), d.updatedBy());
        r.exchange().getResponseHeaders().set("Location", "/api/v1/brands/" + d.id());
        r.json(201, view(catalog.get(d.id()).orElseThrow(), now));
    }

    private void changeBrand(Request r) throws IOException {
        String id = r.path("brand");
        Instant now = clock.instant();
        existing(id);
        BrandDefinition d = BrandCommand.change(id, r.jsonBody(), r.principal().name(), now);
        synchronized (this) {
            awaitLatest.run(); // decide on the newest state, also of changes other instances made a moment ago
            existing(id); // not deleted meanwhile
            catalog.apply(d, writer.write(d));
        }
        LOG.info("brand '{}' changed by {}", id, d.updatedBy());
        r.json(200, view(catalog.get(id).orElseThrow(), now));
    }

    private void deleteBrand(Request r) {
        String id = r.path("brand");
        synchronized (this) {
            awaitLatest.run(); // decide on the newest state, also of changes other instances made a moment ago
            existing(id);
            BrandDefinition d = BrandDefinition.deletion(id, r.principal().name(), clock.instant());
            catalog.apply(d, writer.write(d));
        }
        LOG.info("brand '{}' deleted by {}", id, r.principal().name());
        // No body: the router answers 204.
    }

    private BrandCatalog.Brand existing(String id) {
        return catalog.get(id).orElseThrow(() -> ApiException.notFound("no brand '" + Bodies.abbreviate(id)
                + "'; GET /api/v1/brands lists them"));
    }

    private Map<String, Object> view(BrandCatalog.Brand b, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("name", b.name());
        m.put("query", b.query());
        m.put("hashtags", b.hashtags());
        m.put("source", b.source());
        m.put("updatedBy", b.updatedBy());
        m.put("updatedAt", b.updatedAt());
        m.put("activeIncidents", incidents.activeCount(b.id()));
        m.put("currentEvents", eventViews(events.list(b.id(), EnumSet.of(PlannedEventStore.When.CURRENT), false, now),
                now, Integer.MAX_VALUE));
        m.put("upcomingEvents", eventViews(events.list(b.id(), EnumSet.of(PlannedEventStore.When.UPCOMING), false, now),
                now, UPCOMING_IN_LIST));
        return m;
    }

    // ------------------------------------------------------------------------------------------------ events

    private void brandEvents(Request r) throws IOException {
        String brand = r.path("brand");
        existing(brand);
        listEvents(r, brand);
    }

    private void allEvents(Request r) throws IOException {
        String brand = r.query("brand");
        listEvents(r, brand == null || brand.isBlank() ? null : brand.strip());
    }

    private void listEvents(Request r, String brand) throws IOException {
        Set<PlannedEventStore.When> when = whenParam(r);
        boolean cancelled = booleanParam(r, "includeCancelled");
        Instant now = clock.instant();
        List<Map<String, Object>> list = eventViews(events.list(brand, when, cancelled, now), now, Integer.MAX_VALUE);
        Map<String, Object> body = new LinkedHashMap<>();
        if (brand != null) {
            body.put("brand", brand);
        }
        body.put("events", list);
        body.put("count", list.size());
        body.put("complete", complete.getAsBoolean());
        r.json(200, body);
    }

    private void getEvent(Request r) throws IOException {
        r.json(200, eventView(existingEvent(r.path("eventId")), clock.instant()));
    }

    private void createEvent(Request r) throws IOException {
        String brand = r.path("brand");
        existing(brand);
        Instant now = clock.instant();
        PlannedEvent e = PlannedEventCommand.create(brand, r.jsonBody(), r.principal().name(), now);
        synchronized (this) {
            awaitLatest.run(); // decide on the newest state, also of changes other instances made a moment ago
            existing(brand);
            if (events.get(e.id()).isPresent()) {
                throw conflict("a planned event '" + e.id() + "' exists; change it with PUT /api/v1/events/" + e.id())
                        .with("id", e.id());
            }
            events.apply(e, writer.write(e));
        }
        LOG.info("planned event '{}' ({} {} to {}) declared for brand '{}' by {}", e.id(), e.mode(), e.start(), e.end(),
                brand, e.createdBy());
        r.exchange().getResponseHeaders().set("Location", "/api/v1/events/" + e.id());
        r.json(201, eventView(e, now));
    }

    private void changeEvent(Request r) throws IOException {
        String id = r.path("eventId");
        Instant now = clock.instant();
        com.fasterxml.jackson.databind.JsonNode body = r.jsonBody(); // read before the lock: clients may be slow
        PlannedEvent changed;
        synchronized (this) {
            awaitLatest.run(); // decide on the newest state, also of changes other instances made a moment ago
            PlannedEvent had = changeable(id);
            changed = PlannedEventCommand.change(had, body, now);
            events.apply(changed, writer.write(changed));
        }
        LOG.info("planned event '{}' of brand '{}' changed by {} ({} {} to {})", id, changed.brandId(),
                r.principal().name(), changed.mode(), changed.start(), changed.end());
        r.json(200, eventView(changed, now));
    }

    private void cancelEvent(Request r) throws IOException {
        String id = r.path("eventId");
        Instant now = clock.instant();
        PlannedEvent out;
        synchronized (this) {
            awaitLatest.run(); // decide on the newest state, also of changes other instances made a moment ago
            PlannedEvent had = existingEvent(id);
            if (had.cancelled()) {
                out = had; // cancelling twice changes nothing
            } else {
                out = PlannedEventCommand.cancel(had, now);
                events.apply(out, writer.write(out));
                LOG.info("planned event '{}' of brand '{}' cancelled by {}", id, had.brandId(), r.principal().name());
            }
        }
        r.json(200, eventView(out, now));
    }

    private PlannedEvent existingEvent(String id) {
        return events.get(id).orElseThrow(() -> ApiException.notFound("no planned event '" + Bodies.abbreviate(id)
                + "'; GET /api/v1/events lists them"));
    }

    private PlannedEvent changeable(String id) {
        PlannedEvent had = existingEvent(id);
        if (had.cancelled()) {
            throw conflict("the planned event '" + id + "' is cancelled; declare a new one with POST /api/v1/brands/"
                    + had.brandId() + "/events");
        }
        if (!catalog.contains(had.brandId())) {
            throw conflict("the brand '" + had.brandId() + "' of this event was deleted; its events cannot change");
        }
        return had;
    }

    /**
     * The incident detail with {@code plannedEvents}: the (not cancelled) planned events of its brand that were in
     * force at some time between the incident's start and its end (or now), so people see "this was during the launch".
     */
    public ObjectNode withPlannedEvents(IncidentDetail d) {
        ObjectNode n = Json.MAPPER.valueToTree(d);
        Incident i = d.incident();
        Instant now = clock.instant();
        List<Map<String, Object>> during = List.of();
        if (i.brand() != null && i.startsAt() != null) {
            Instant to = i.endsAt() != null && i.endsAt().isBefore(now) ? i.endsAt() : now;
            during = eventViews(events.overlapping(i.brand(), i.startsAt(), to.isBefore(i.startsAt()) ? i.startsAt() : to),
                    now, Integer.MAX_VALUE);
        }
        n.set("plannedEvents", Json.MAPPER.valueToTree(during));
        return n;
    }

    private static List<Map<String, Object>> eventViews(List<PlannedEvent> list, Instant now, int max) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PlannedEvent e : list) {
            if (out.size() >= max) {
                break;
            }
            out.add(eventView(e, now));
        }
        return out;
    }

    /** The event with {@code status}: upcoming, current, past or cancelled. */
    static Map<String, Object> eventView(PlannedEvent e, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("brandId", e.brandId());
        m.put("title", e.title());
        m.put("start", e.start());
        m.put("end", e.end());
        m.put("mode", e.mode());
        m.put("thresholdFactor", e.thresholdFactor());
        m.put("cancelled", e.cancelled());
        m.put("status", e.cancelled() ? "cancelled" : PlannedEventStore.When.of(e, now).id());
        m.put("createdBy", e.createdBy());
        m.put("updatedAt", e.updatedAt());
        return m;
    }

    // ------------------------------------------------------------------------------------------------ parameters

    private static Set<PlannedEventStore.When> whenParam(Request r) {
        String v = r.query("when");
        if (v == null || v.isBlank()) {
            return DEFAULT_WHEN;
        }
        Set<PlannedEventStore.When> out = EnumSet.noneOf(PlannedEventStore.When.class);
        for (String part : v.split(",")) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            switch (p) {
                case "upcoming" -> out.add(PlannedEventStore.When.UPCOMING);
                case "current" -> out.add(PlannedEventStore.When.CURRENT);
                case "past" -> out.add(PlannedEventStore.When.PAST);
                default -> throw ApiException.badParameter("when", "has unknown value '" + Bodies.abbreviate(part)
                        + "'; use upcoming, current, past (comma-separated)");
            }
        }
        if (out.isEmpty()) {
            throw ApiException.badParameter("when", "names no value; use upcoming, current, past (comma-separated)");
        }
        return out;
    }

    private static boolean booleanParam(Request r, String name) {
        String v = r.query(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw ApiException.badParameter(name, "must be true or false, got '" + Bodies.abbreviate(v) + "'");
        }
    }

    private static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail);
    }
}
