package io.monitor.api.channels;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.api.brands.Bodies;
import io.monitor.api.http.ApiException;
import io.monitor.api.notify.ChannelRules;
import io.monitor.api.notify.Notifier;
import io.monitor.core.config.ChannelSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.model.Severity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a channel from a request body and checks it with the rules the notifier applies at start-up
 * ({@link ChannelSettings#validate}, {@link ChannelRules#parse}, {@link Notifier#checkDeliverable}): every problem is a
 * 400 problem naming the field ({@code options.hours}, {@code urlEnv}, ...). An {@code urlEnv} (or webhook
 * {@code options.secretEnv}) naming a variable that is not set in this process is a 400 too: the channel could never
 * deliver. Pure apart from reading {@code env}.
 *
 * <p>Body: {@code {"id", "type", "urlEnv", "minSeverity", "options": {...}}} ({@code id} only on create; the path
 * names it on change). Option values are strings, numbers, booleans or arrays of those, as in the config file.
 */
public final class ChannelCommand {
    static final Set<String> CREATE_FIELDS = Set.of("id", "type", "urlEnv", "minSeverity", "options");
    static final Set<String> CHANGE_FIELDS = Set.of("type", "urlEnv", "minSeverity", "options");
    /** An environment variable name (POSIX portable: letters, digits, underscore, not starting with a digit). */
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    static final int MAX_OPTIONS = 32;
    static final int MAX_VALUE_CHARS = 1000;
    static final int MAX_LIST_ITEMS = 100;
    private static final String KEY = "channel";

    private ChannelCommand() {
    }

    /** A new channel from a POST body. */
    public static ChannelSettings create(JsonNode body, Set<String> knownBrands, Function<String, String> env) {
        Bodies.object(body, CREATE_FIELDS);
        String id = Bodies.requiredText(body, "id", 63);
        if (!Bodies.ID.matcher(id).matches()) {
            throw ApiException.badBody("id", "must be lower-case letters, digits and dashes (e.g. cm-team-slack), at "
                    + "most 63 characters");
        }
        return check(read(id, body), knownBrands, env);
    }

    /** The changed channel {@code id} from a PUT body (a full replacement). */
    public static ChannelSettings change(String id, JsonNode body, Set<String> knownBrands,
                                         Function<String, String> env) {
        Bodies.object(body, CHANGE_FIELDS);
        return check(read(id, body), knownBrands, env);
    }

    private static ChannelSettings read(String id, JsonNode body) {
        String type = Bodies.requiredText(body, "type", 16);
        String urlEnv = Bodies.optionalText(body, "urlEnv", 128);
        if (urlEnv != null && !ENV_NAME.matcher(urlEnv).matches()) {
            throw ApiException.badBody("urlEnv", "must be the name of an environment variable (letters, digits, "
                    + "underscore), e.g. CM_SLACK_URL; the URL itself never goes into the API");
        }
        String severity = Bodies.optionalText(body, "minSeverity", 16);
        Severity min = null;
        if (severity != null) {
            try {
                min = Severity.valueOf(severity.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiException.badBody("minSeverity", "must be one of info, warning, critical");
            }
        }
        return new ChannelSettings(id, type, urlEnv, min, options(body.get("options")));
    }

    private static Map<String, Object> options(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw ApiException.badBody("options", "must be a JSON object of option names and values");
        }
        if (n.size() > MAX_OPTIONS) {
            throw ApiException.badBody("options", "may hold at most " + MAX_OPTIONS + " entries");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "options." + Bodies.abbreviate(e.getKey());
            JsonNode v = e.getValue();
            if (v.isArray()) {
                if (v.size() > MAX_LIST_ITEMS) {
                    throw ApiException.badBody(field, "may hold at most " + MAX_LIST_ITEMS + " entries");
                }
                List<String> items = new ArrayList<>();
                for (JsonNode item : v) {
                    items.add(scalar(item, field));
                }
                out.put(e.getKey(), items);
            } else if (!v.isNull()) {
                out.put(e.getKey(), v.isBoolean() ? v.booleanValue() : v.isIntegralNumber() && v.canConvertToInt()
                        ? v.intValue() : scalar(v, field));
            }
        }
        return out;
    }

    private static String scalar(JsonNode v, String field) {
        if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
            throw ApiException.badBody(field, "must be a string, number, boolean or an array of those");
        }
        String s = v.asText();
        if (s.length() > MAX_VALUE_CHARS) {
            throw ApiException.badBody(field, "is longer than " + MAX_VALUE_CHARS + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f) {
                throw ApiException.badBody(field, "must not contain control characters");
            }
        }
        return s;
    }

    /** The notifier's own checks, each failure a 400 naming the field. */
    static ChannelSettings check(ChannelSettings c, Set<String> knownBrands, Function<String, String> env) {
        ChannelRules rules;
        try {
            c.validate(KEY);
            rules = ChannelRules.parse(c, KEY, knownBrands);
        } catch (SettingsException e) {
            String field = e.key().startsWith(KEY + ".") ? e.key().substring(KEY.length() + 1) : e.key();
            String problem = e.getMessage().startsWith(e.key() + ": ")
                    ? e.getMessage().substring(e.key().length() + 2) : e.getMessage();
            throw ApiException.badBody(Bodies.abbreviate(field), problem);
        }
        try {
            Notifier.checkDeliverable(rules, env);
        } catch (IllegalArgumentException e) {
            String msg = String.valueOf(e.getMessage());
            String field = msg.startsWith("options.secretEnv:") ? "options.secretEnv" : "urlEnv";
            String problem = msg.startsWith(field + ": ") ? msg.substring(field.length() + 2) : msg;
            throw ApiException.badBody(field, problem + (problem.contains("is not set")
                    ? " in this API process, so the channel could never deliver; set it on every instance first"
                    : "; fix the variable's value on every instance"));
        }
        return c;
    }
}
