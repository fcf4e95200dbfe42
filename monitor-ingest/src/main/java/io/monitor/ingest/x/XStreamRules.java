package io.monitor.ingest.x;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.json.Json;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.http.HttpFetcher;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filtered-stream rule management ({@code GET/POST /2/tweets/search/stream/rules}). The rules this project owns
 * carry a tag starting with {@link #TAG_PREFIX}; {@link #plan} (pure) compares them with the wanted ones: rules of
 * ours that are no longer wanted are deleted, wanted ones that are missing are added, rules of other tools (other
 * tags) are left alone. {@link #sync} reads, plans and applies.
 */
final class XStreamRules {
    private static final Logger LOG = LoggerFactory.getLogger(XStreamRules.class);
    static final String TAG_PREFIX = "monitor:";

    /** A rule: X's id (null for a wanted rule not yet created), its query value and tag. */
    record Rule(String id, String value, String tag) {
        boolean ours() {
            return tag != null && tag.startsWith(TAG_PREFIX);
        }

        boolean sameAs(Rule o) {
            return value.equals(o.value) && java.util.Objects.equals(tag, o.tag);
        }
    }

    /** What to change: rule ids to delete, rules to add. */
    record Plan(List<String> delete, List<Rule> add) {
        boolean empty() {
            return delete.isEmpty() && add.isEmpty();
        }
    }

    static Plan plan(List<Rule> current, List<Rule> wanted) {
        List<String> delete = current.stream().filter(Rule::ours)
                .filter(c -> wanted.stream().noneMatch(c::sameAs)).map(Rule::id).toList();
        List<Rule> add = wanted.stream().filter(w -> current.stream().noneMatch(w::sameAs)).toList();
        return new Plan(delete, add);
    }

    /** Parses the body of {@code GET /2/tweets/search/stream/rules} ({@code data} is absent when there is no rule). */
    static List<Rule> parse(String body) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the rules answer is not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject() || !n.has("meta")) {
            throw new IllegalArgumentException("the rules answer has no meta: " + body);
        }
        List<Rule> rules = new ArrayList<>();
        n.path("data").forEach(r -> rules.add(new Rule(r.path("id").asText(), r.path("value").asText(),
                r.path("tag").isTextual() ? r.path("tag").asText() : null)));
        return rules;
    }

    /**
     * Makes the stream's rules match {@code wanted}; returns the plan that was applied.
     *
     * @throws FetchException fatal when X rejects a wanted rule (an invalid query: the message names it), retryable
     *                        on network errors, 429 and 5xx
     */
    static Plan sync(HttpFetcher http, String baseUrl, Map<String, String> auth, List<Rule> wanted, String sourceId)
            throws FetchException, InterruptedException {
        URI uri = URI.create(baseUrl + "/2/tweets/search/stream/rules");
        HttpFetcher.Response r = http.get(uri, auth);
        List<Rule> current;
        try {
            current = parse(r.body());
        } catch (IllegalArgumentException e) {
            throw FetchException.retryable("malformed", "GET " + uri + ": " + e.getMessage(), null, null);
        }
        Plan plan = plan(current, wanted);
        current.stream().filter(c -> !c.ours()).forEach(c -> LOG.warn("{}: the stream also has rule '{}' (tag {}) of "
                + "another tool; its posts are not published", sourceId, c.value(), c.tag()));
        if (!plan.delete().isEmpty()) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode ids = body.putObject("delete").putArray("ids");
            plan.delete().forEach(ids::add);
            http.postJson(uri, auth, body.toString());
            LOG.info("{}: deleted {} stale stream rules", sourceId, plan.delete().size());
        }
        if (!plan.add().isEmpty()) {
            ObjectNode body = Json.MAPPER.createObjectNode();
            ArrayNode add = body.putArray("add");
            plan.add().forEach(a -> add.addObject().put("value", a.value()).put("tag", a.tag()));
            HttpFetcher.Response created = http.postJson(uri, auth, body.toString());
            List<String> problems = problems(created.body());
            if (!problems.isEmpty()) {
                throw FetchException.fatal("client", "X rejected stream rules: " + String.join("; ", problems)
                        + " (fix options.queries or the brands' names/hashtags)");
            }
            LOG.info("{}: added stream rules {}", sourceId, plan.add().stream().map(Rule::value)
                    .collect(Collectors.joining(", ")));
        }
        return plan;
    }

    /** The errors of a rule-creation answer, except duplicates (already there is what we want). */
    static List<String> problems(String body) {
        List<String> out = new ArrayList<>();
        try {
            for (JsonNode e : Json.MAPPER.readTree(body).path("errors")) {
                String title = e.path("title").asText("");
                if (Set.of("DuplicateRule").contains(title)) {
                    continue;
                }
                out.add("'" + e.path("value").asText("?") + "': " + title
                        + (e.has("details") ? " " + e.path("details") : ""));
            }
        } catch (JsonProcessingException e) {
            out.add("unreadable answer " + body);
        }
        return out;
    }

    private XStreamRules() {
    }
}
