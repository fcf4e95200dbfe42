package io.monitor.core.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.monitor.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Loads {@link MonitorSettings}: the YAML file, then environment variables, then defaults.
 *
 * <p>An environment variable {@code MONITOR_<PATH>} overrides the key at that path, with the path's
 * parts joined by underscores and matched case-insensitively against the key names (camelCase keys
 * are written without separators): {@code MONITOR_KAFKA_BOOTSTRAPSERVERS=broker:9092},
 * {@code MONITOR_API_PORT=9090}, {@code MONITOR_BRANDS_0_QUERY='"acme" OR #acme'},
 * {@code MONITOR_INGEST_DEMO_ENABLED=false}. Every {@code MONITOR_*} variable is an override except the product's
 * own launcher variables ({@link #RESERVED}: {@code MONITOR_CONFIG}, {@code MONITOR_JAVA_OPTS}, and
 * {@code MONITOR_TEST_*} of the test suite); one that names no key fails start-up, so a typo does not go unnoticed.
 * Name secret variables without the prefix (e.g. {@code CM_API_TOKEN}).
 *
 * <p>Every problem is reported as a {@link SettingsException} naming the key, e.g.
 * {@code brands[1].query: is required and must not be blank}.
 */
public final class SettingsLoader {
    public static final String ENV_PREFIX = "MONITOR_";

    private static final ObjectMapper YAML = Json.configure(YAMLMapper.builder())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private SettingsLoader() {
    }

    /** Loads from {@code file} (may be null for defaults only) and the process environment. */
    public static MonitorSettings load(Path file) {
        return load(file, System.getenv());
    }

    public static MonitorSettings load(Path file, Map<String, String> env) {
        ObjectNode tree;
        if (file == null) {
            tree = JsonNodeFactory.instance.objectNode();
        } else {
            try (InputStream in = Files.newInputStream(file)) {
                tree = readTree(in, file.toString());
            } catch (NoSuchFileException e) {
                throw new SettingsException("config", "file " + file + " does not exist");
            } catch (IOException e) {
                throw new SettingsException("config", "cannot read " + file + ": " + e.getMessage());
            }
        }
        return bind(tree, env);
    }

    public static MonitorSettings parse(String yaml, Map<String, String> env) {
        try {
            return bind(readTree(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    "<text>"), env);
        } catch (IOException e) {
            throw new SettingsException("config", e.getMessage());
        }
    }

    private static ObjectNode readTree(InputStream in, String name) throws IOException {
        JsonNode node;
        try {
            node = YAML.readTree(in);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "unreadable" : e.getMessage().split("\n")[0];
            throw new SettingsException("config", name + " is not valid YAML: " + msg);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
            throw new SettingsException("config", name + " must be a YAML mapping at the top level");
        }
        return (ObjectNode) node;
    }

    private static MonitorSettings bind(ObjectNode tree, Map<String, String> env) {
        // Sorted so that list indexes are applied in order and results do not depend on map iteration.
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (isOverride(e.getKey())) {
                applyOverride(tree, e.getKey(), e.getValue());
            }
        }
        try {
            return YAML.treeToValue(tree, MonitorSettings.class);
        } catch (JsonMappingException e) {
            SettingsException cause = findCause(e);
            if (cause != null) {
                throw cause;
            }
            String key = path(e);
            if (e instanceof UnrecognizedPropertyException u) {
                throw new SettingsException(key, "unknown key; known keys here are "
                        + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
            }
            String msg = e.getOriginalMessage() == null ? "invalid value" : e.getOriginalMessage().split("\n")[0];
            throw new SettingsException(key, msg);
        } catch (IOException e) {
            throw new SettingsException("config", e.getMessage());
        }
    }

    /** Variables of the launcher, not settings. */
    public static final java.util.Set<String> RESERVED = java.util.Set.of("MONITOR_CONFIG", "MONITOR_JAVA_OPTS");

    /** Whether an environment variable is a settings override (see the class comment). */
    static boolean isOverride(String variable) {
        return variable.startsWith(ENV_PREFIX) && variable.length() > ENV_PREFIX.length()
                && !RESERVED.contains(variable) && !variable.startsWith("MONITOR_TEST_");
    }

    private static SettingsException findCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SettingsException s) {
                return s;
            }
        }
        return null;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            }
        }
        return sb.isEmpty() ? "config" : sb.toString();
    }

    private static void applyOverride(ObjectNode root, String variable, String value) {
        List<String> parts = Arrays.stream(variable.substring(ENV_PREFIX.length()).split("_"))
                .filter(p -> !p.isEmpty()).map(p -> p.toLowerCase(Locale.ROOT)).toList();
        JsonNode node = root;
        Type type = MonitorSettings.class;
        int i = 0;
        while (true) {
            Class<?> raw = rawClass(type);
            if (raw.isRecord()) {
                RecordComponent match = null;
                int consumed = 0;
                // Key names are camelCase; the variable spells them in upper case with or without underscores.
                for (RecordComponent rc : raw.getRecordComponents()) {
                    String target = rc.getName().toLowerCase(Locale.ROOT);
                    StringBuilder joined = new StringBuilder();
                    for (int j = i; j < parts.size(); j++) {
                        joined.append(parts.get(j));
                        if (joined.toString().equals(target)) {
                            match = rc;
                            consumed = j - i + 1;
                            break;
                        }
                        if (joined.length() >= target.length()) {
                            break;
                        }
                    }
                    if (match != null) {
                        break;
                    }
                }
                if (match == null) {
                    throw new SettingsException(variable, "names no configuration key (at '"
                            + String.join("_", parts.subList(i, parts.size())) + "')");
                }
                i += consumed;
                ObjectNode obj = (ObjectNode) node;
                if (i == parts.size()) {
                    obj.put(match.getName(), value);
                    return;
                }
                Class<?> childRaw = rawClass(match.getGenericType());
                JsonNode child = obj.get(match.getName());
                if (child == null || child.isNull()) {
                    child = List.class.isAssignableFrom(childRaw) ? obj.putArray(match.getName()) : obj.putObject(match.getName());
                }
                node = child;
                type = match.getGenericType();
            } else if (List.class.isAssignableFrom(raw)) {
                int index;
                try {
                    index = Integer.parseInt(parts.get(i));
                } catch (NumberFormatException e) {
                    throw new SettingsException(variable, "expected a list index at '" + parts.get(i) + "'");
                }
                ArrayNode arr = (ArrayNode) node;
                Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
                i++;
                if (i == parts.size()) {
                    while (arr.size() <= index) {
                        arr.addNull();
                    }
                    arr.set(index, value);
                    return;
                }
                while (arr.size() <= index) {
                    arr.addObject();
                }
                if (!arr.get(index).isObject()) {
                    arr.set(index, JsonNodeFactory.instance.objectNode());
                }
                node = arr.get(index);
                type = element;
            } else if (Map.class.isAssignableFrom(raw)) {
                ((ObjectNode) node).put(String.join("_", parts.subList(i, parts.size())), value);
                return;
            } else {
                throw new SettingsException(variable, "goes deeper than the key it names");
            }
        }
    }

    private static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        throw new IllegalStateException("unsupported settings type " + t);
    }
}
