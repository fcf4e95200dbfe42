package io.monitor.ingest.file;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import io.monitor.ingest.MentionRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps CSV rows to mentions by column name. The header row names the columns; each mention field takes the column
 * of the same name (case-insensitive, e.g. {@code text}, {@code createdAt}, {@code author.handle}) unless
 * {@code columns} maps the field to another column name (e.g. {@code text: Tweet}). {@code platform} may come from a
 * fixed value instead of a column. Records are RFC 4180: fields separated by the delimiter, quoted with
 * {@code "} (doubled inside quotes), line breaks allowed inside quotes.
 */
final class CsvMentions {
    /** The mention fields a column can fill. */
    static final List<String> FIELDS = List.of("platform", "id", "url", "text", "createdAt", "author.id",
            "author.handle", "author.displayName", "author.followers", "engagement.likes", "engagement.reposts",
            "engagement.replies", "engagement.quotes", "replyTo", "quoteOf", "repostOf");
    private static final List<String> NUMBERS = List.of("author.followers", "engagement.likes", "engagement.reposts",
            "engagement.replies", "engagement.quotes");

    private final char delimiter;
    private final Map<String, Integer> columnOf; // field -> column index
    private final String platform;
    private final int width;

    /**
     * @param header    the header record
     * @param columns   field to column name overrides
     * @param platform  the platform for every row when no column provides one, may be null
     * @throws IllegalArgumentException naming the field or column to fix
     */
    CsvMentions(String header, char delimiter, Map<String, String> columns, String platform) {
        this.delimiter = delimiter;
        this.platform = platform;
        List<String> names = split(header, delimiter);
        this.width = names.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.putIfAbsent(names.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        for (String f : columns.keySet()) {
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("columns." + f + ": not a mention field; use one of " + FIELDS);
            }
        }
        columnOf = new LinkedHashMap<>();
        for (String f : FIELDS) {
            String name = columns.getOrDefault(f, f);
            Integer i = index.get(name.strip().toLowerCase(Locale.ROOT));
            if (i != null) {
                columnOf.put(f, i);
            } else if (columns.containsKey(f)) {
                throw new IllegalArgumentException("columns." + f + ": no column '" + name + "' in the header " + names);
            }
        }
        for (String required : List.of("id", "createdAt")) {
            if (!columnOf.containsKey(required)) {
                throw new IllegalArgumentException("columns." + required + ": the header " + names + " has no column '"
                        + required + "'; map one with options.columns." + required);
            }
        }
        if (!columnOf.containsKey("platform") && (platform == null || platform.isBlank())) {
            throw new IllegalArgumentException("platform: the header " + names + " has no 'platform' column; set "
                    + "options.platform (e.g. x) or map one with options.columns.platform");
        }
    }

    /** One record as a mention. @throws IllegalArgumentException saying what is wrong with the row */
    Mention map(String record, Instant now) {
        List<String> cells = split(record, delimiter);
        if (cells.size() != width) {
            throw new IllegalArgumentException("has " + cells.size() + " fields, the header has " + width);
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (platform != null && !platform.isBlank()) {
            o.put("platform", platform);
        }
        columnOf.forEach((field, i) -> {
            String v = cells.get(i);
            if (v.isEmpty()) {
                return;
            }
            ObjectNode target = o;
            String name = field;
            int dot = field.indexOf('.');
            if (dot > 0) {
                target = o.has(field.substring(0, dot)) ? (ObjectNode) o.get(field.substring(0, dot))
                        : o.putObject(field.substring(0, dot));
                name = field.substring(dot + 1);
            }
            if (NUMBERS.contains(field)) {
                try {
                    target.put(name, Long.parseLong(v.strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(field + " '" + v + "' is not a whole number");
                }
            } else if (field.equals("createdAt") && v.strip().matches("\\d{9,13}")) {
                long n = Long.parseLong(v.strip());
                target.put(name, (n > 99_999_999_999L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n)).toString());
            } else {
                target.put(name, v);
            }
        });
        if (o.has("author")) {
            ((ObjectNode) o.get("author")).putIfAbsent("followers", Json.MAPPER.getNodeFactory().numberNode(-1L));
        }
        if (o.has("engagement")) {
            ObjectNode e = (ObjectNode) o.get("engagement");
            for (String k : List.of("likes", "reposts", "replies", "quotes")) {
                e.putIfAbsent(k, Json.MAPPER.getNodeFactory().numberNode(-1L));
            }
        }
        return MentionRecords.fromJson(o, now);
    }

    /** Splits one RFC 4180 record (without its final line break) into its fields. */
    static List<String> split(String record, char delimiter) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < record.length() && record.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                out.add(cell.toString());
                cell.setLength(0);
            } else if (c != '\r' || i != record.length() - 1) {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
