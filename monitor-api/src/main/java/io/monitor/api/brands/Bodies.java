package io.monitor.api.brands;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.http.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reading fields of a JSON request body, each failure a 400 problem naming the field. */
public final class Bodies {
    /** The brand id rule of {@code BrandSettings} (not public in core): lower-case letters, digits, dashes. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private Bodies() {
    }

    /** The body as an object with only {@code allowed} fields; an empty body is a 400 too (there is always a field). */
    public static JsonNode object(JsonNode body, Set<String> allowed) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw ApiException.badBody(null, "is required: send a JSON object with " + String.join(", ",
                    allowed.stream().sorted().toList()));
        }
        if (!body.isObject()) {
            throw ApiException.badBody(null, "must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ApiException.badBody(abbreviate(f), "is not known here; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return body;
    }

    public static String requiredText(JsonNode body, String field, int max) {
        return required(optionalText(body, field, max), field);
    }

    /** A one-line text field (names, queries, ids): no control characters. */
    public static String optionalText(JsonNode body, String field, int max) {
        String v = optionalFreeText(body, field, max);
        if (v != null && hasControl(v)) {
            throw ApiException.badBody(field, "must not contain control characters");
        }
        return v;
    }

    public static String requiredFreeText(JsonNode body, String field, int max) {
        return required(optionalFreeText(body, field, max), field);
    }

    /** A free-text field (notes, reasons): may span lines. */
    public static String optionalFreeText(JsonNode body, String field, int max) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiException.badBody(field, "must be a string");
        }
        String v = n.asText().strip();
        if (v.isEmpty()) {
            throw ApiException.badBody(field, "must not be blank");
        }
        if (v.length() > max) {
            throw ApiException.badBody(field, "is longer than " + max + " characters");
        }
        return v;
    }

    private static String required(String v, String field) {
        if (v == null) {
            throw ApiException.badBody(field, "is required");
        }
        return v;
    }

    static List<String> stringList(JsonNode body, String field, Pattern each, String rule, int maxItems) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw ApiException.badBody(field, "must be an array of strings");
        }
        if (n.size() > maxItems) {
            throw ApiException.badBody(field, "may hold at most " + maxItems + " entries");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual() || !each.matcher(item.asText()).matches()) {
                throw ApiException.badBody(field, "entries must be " + rule + "; got "
                        + abbreviate(item.isTextual() ? "'" + item.asText() + "'" : item.getNodeType().name().toLowerCase()));
            }
            if (!out.contains(item.asText())) {
                out.add(item.asText());
            }
        }
        return out;
    }

    static Instant instant(JsonNode body, String field) {
        String v = requiredText(body, field, 64);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badBody(field, "must be an ISO-8601 instant such as 2026-12-01T09:00:00Z, got '"
                    + abbreviate(v) + "'");
        }
    }

    public static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }
}
