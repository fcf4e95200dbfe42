package io.monitor.core.model;

import io.monitor.core.config.BrandSettings;
import java.time.Instant;
import java.util.List;

/**
 * A brand as changed at run time through the API, on the compacted topic {@code Topics.BRANDS} (key = brand id).
 * The brands in the config file are the starting set; a record here replaces the brand of the same id, and a
 * record with {@code deleted = true} removes it (a marker rather than a tombstone, so a config brand stays deleted
 * after compaction has dropped the tombstone).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param id            brand id ({@code [a-z0-9-]+})
 * @param name          display name
 * @param query         boolean query (validated by the query parser before it is written)
 * @param hashtags      hashtags connectors should follow
 * @param deleted       true when the brand was deleted
 * @param updatedBy     who changed it (token or user name, never a secret)
 * @param updatedAt     when
 */
public record BrandDefinition(int schemaVersion, String id, String name, String query, List<String> hashtags,
                              boolean deleted, String updatedBy, Instant updatedAt) {
    public static final int SCHEMA_VERSION = 1;

    public BrandDefinition {
        hashtags = hashtags == null ? List.of() : List.copyOf(hashtags);
        name = name == null || name.isBlank() ? id : name;
    }

    public static BrandDefinition of(BrandSettings b, String by, Instant at) {
        return new BrandDefinition(SCHEMA_VERSION, b.id(), b.name(), b.query(), b.hashtags(), false, by, at);
    }

    public static BrandDefinition deletion(String id, String by, Instant at) {
        return new BrandDefinition(SCHEMA_VERSION, id, id, null, List.of(), true, by, at);
    }

    public BrandSettings settings() {
        return new BrandSettings(id, name, query, hashtags);
    }
}
