package io.monitor.api.brands;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.http.ApiException;
import io.monitor.core.model.BrandDefinition;
import io.monitor.streams.query.BrandQuery;
import io.monitor.streams.query.QueryParseException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the body of a brand create or change into the {@link BrandDefinition} to write, with the same
 * query parser the detection uses ({@link BrandQuery#compile}), so a brand the API accepts is a brand the topology can
 * match. A query that does not parse is a 400 problem of type {@code bad-query} with {@code position} (0-based),
 * {@code column} (1-based) and {@code expected}.
 *
 * <pre>
 * POST /api/v1/brands          {"id": "acme", "name"?: "Acme", "query": "acme OR #acme", "hashtags"?: ["acme"]}
 * PUT  /api/v1/brands/{brand}  {"name"?: ..., "query": ..., "hashtags"?: [...]}   ("id", if given, must be the path's)
 * </pre>
 */
public final class BrandCommand {
    static final int MAX_NAME = 200;
    static final int MAX_QUERY = 4000;
    static final int MAX_HASHTAGS = 50;
    private static final Pattern HASHTAG = Pattern.compile("[\\p{L}\\p{N}_]{1,100}");
    static final int MAX_NESTING = 32;
    private static final Set<String> FIELDS = Set.of("id", "name", "query", "hashtags");

    private BrandCommand() {
    }

    /** A new brand from a POST body. */
    public static BrandDefinition create(JsonNode body, String by, Instant at) {
        JsonNode b = Bodies.object(body, FIELDS);
        String id = Bodies.requiredText(b, "id", 63);
        checkId("id", id);
        return definition(id, b, by, at);
    }

    /** The changed brand {@code id} from a PUT body (a full replacement of name, query and hashtags). */
    public static BrandDefinition change(String id, JsonNode body, String by, Instant at) {
        JsonNode b = Bodies.object(body, FIELDS);
        String bodyId = Bodies.optionalText(b, "id", 63);
        if (bodyId != null && !bodyId.equals(id)) {
            throw ApiException.badBody("id", "must be the brand id of the path ('" + id + "') or left out; a brand id "
                    + "cannot be changed (create the new brand and delete the old one)");
        }
        return definition(id, b, by, at);
    }

    /** A 404 for ids that cannot exist; says what an id looks like. */
    public static void checkId(String field, String id) {
        if (!Bodies.ID.matcher(id).matches()) {
            throw ApiException.badBody(field, "'" + Bodies.abbreviate(id) + "' must be lower-case letters, digits and "
                    + "dashes (at most 63), starting with a letter or digit");
        }
    }

    private static BrandDefinition definition(String id, JsonNode b, String by, Instant at) {
        String name = Bodies.optionalText(b, "name", MAX_NAME);
        String query = Bodies.requiredText(b, "query", MAX_QUERY);
        validateQuery(query);
        List<String> hashtags = Bodies.stringList(b, "hashtags", HASHTAG,
                "hashtags without '#' (letters, digits, underscore; at most 100)", MAX_HASHTAGS);
        return new BrandDefinition(BrandDefinition.SCHEMA_VERSION, id, name, query, hashtags, false, by, at);
    }

    /** Throws the 400 {@code bad-query} problem when {@code query} does not parse. */
    public static void validateQuery(String query) {
        int deep = tooDeep(query);
        if (deep >= 0) {
            // The parser is recursive: a wall of '(' must not reach it (and no real query nests this deep).
            throw new ApiException(400, "bad-query", "Invalid brand query", "field 'query' column " + (deep + 1)
                    + ": parentheses are nested more than " + MAX_NESTING + " deep; simplify the query")
                    .with("field", "query").with("position", deep).with("column", deep + 1)
                    .with("expected", "at most " + MAX_NESTING + " nested parentheses");
        }
        try {
            BrandQuery.compile(query);
        } catch (QueryParseException e) {
            throw new ApiException(400, "bad-query", "Invalid brand query", "field 'query' " + e.getMessage())
                    .with("field", "query").with("position", e.position()).with("column", e.position() + 1)
                    .with("expected", e.expected());
        } catch (StackOverflowError e) {
            // Last resort behind tooDeep (which counts parentheses outside phrases only): the stack unwound cleanly.
            throw new ApiException(400, "bad-query", "Invalid brand query",
                    "field 'query' is nested too deeply to parse; simplify the query").with("field", "query");
        } catch (IllegalArgumentException e) {
            // The parser's other refusals (a too-short prefix, say) carry a message meant for people.
            throw new ApiException(400, "bad-query", "Invalid brand query", "field 'query' " + e.getMessage())
                    .with("field", "query");
        }
    }

    /** 0-based position of the first '(' nested deeper than {@link #MAX_NESTING} outside phrases, or -1. */
    static int tooDeep(String query) {
        int depth = 0;
        boolean inPhrase = false;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '"' || c == '\u201c' || c == '\u201d' || c == '\u201e') {
                inPhrase = !inPhrase;
            } else if (!inPhrase && c == '(') {
                if (++depth > MAX_NESTING) {
                    return i;
                }
            } else if (!inPhrase && c == ')') {
                depth = Math.max(0, depth - 1);
            }
        }
        return -1;
    }
}
