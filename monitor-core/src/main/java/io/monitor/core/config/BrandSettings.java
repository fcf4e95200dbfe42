package io.monitor.core.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A brand to watch.
 *
 * @param id       short stable identifier used in topics, metrics and URLs ({@code [a-z0-9-]+})
 * @param name     display name
 * @param query    boolean query that decides which mentions are about this brand, e.g.
 *                 {@code ("deutsche bahn" OR @DB_Bahn OR #bahn) AND NOT "bahnhof zoo"}
 * @param hashtags hashtags connectors should follow for this brand (Mastodon tag timelines, for instance)
 */
public record BrandSettings(String id, String name, String query, List<String> hashtags) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public BrandSettings {
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
        name = name == null || name.isBlank() ? id : name;
    }

    /** Whether {@code id} is a valid brand id (lower-case letters, digits and dashes, at most 63, no leading dash). */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    void validate(String key) {
        Check.notBlank(id, key + ".id");
        Check.require(ID.matcher(id).matches(), key + ".id",
                "'" + id + "' must be lower-case letters, digits and dashes (at most 63), starting with a letter or digit");
        Check.notBlank(query, key + ".query");
    }
}
