package io.monitor.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One post, comment or reply about a brand, as every module sees it.
 *
 * <p>Connectors fill in what the platform gives; the Streams topology adds {@code language},
 * {@code sentiment} and {@code matchedBrands} and publishes the enriched copy. The Kafka key of a
 * mention is {@link #key()} ({@code platform:id}), which makes re-ingesting the same post
 * idempotent downstream.
 *
 * @param schemaVersion version of this record's JSON shape; readers reject versions they do not know
 * @param platform      where it was posted ("bluesky", "mastodon", "x", "reddit", "hackernews", "rss", "youtube", "meta", "demo", ...)
 * @param id            the platform's own id of the post
 * @param url           a link a person can open, may be null
 * @param author        who posted it
 * @param text          plain text (HTML already stripped by the connector)
 * @param language      ISO 639-1 code ("de", "en") or "und"; null until detected
 * @param createdAt     when the author posted it (platform clock)
 * @param ingestedAt    when a connector read it (our clock)
 * @param engagement    counts at ingest time
 * @param replyTo       id of the post this one replies to, or null
 * @param quoteOf       id of the post this one quotes, or null
 * @param repostOf      id of the post this one reposts, or null
 * @param matchedBrands ids of the brands whose queries matched; empty before matching
 * @param sentiment     score, label and confidence; null until scored
 */
public record Mention(
        int schemaVersion,
        String platform,
        String id,
        String url,
        Author author,
        String text,
        String language,
        Instant createdAt,
        Instant ingestedAt,
        Engagement engagement,
        String replyTo,
        String quoteOf,
        String repostOf,
        List<String> matchedBrands,
        Sentiment sentiment) {

    public static final int SCHEMA_VERSION = 1;

    public Mention {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        text = text == null ? "" : text;
        author = author == null ? Author.UNKNOWN : author;
        engagement = engagement == null ? Engagement.NONE : engagement;
        matchedBrands = matchedBrands == null ? List.of() : List.copyOf(matchedBrands);
    }

    /** The Kafka key: unique per platform post. */
    public String key() {
        return platform + ":" + id;
    }

    public Mention withLanguage(String lang) {
        return new Mention(schemaVersion, platform, id, url, author, text, lang, createdAt, ingestedAt,
                engagement, replyTo, quoteOf, repostOf, matchedBrands, sentiment);
    }

    public Mention withSentiment(Sentiment s) {
        return new Mention(schemaVersion, platform, id, url, author, text, language, createdAt, ingestedAt,
                engagement, replyTo, quoteOf, repostOf, matchedBrands, s);
    }

    public Mention withMatchedBrands(List<String> brands) {
        return new Mention(schemaVersion, platform, id, url, author, text, language, createdAt, ingestedAt,
                engagement, replyTo, quoteOf, repostOf, brands, sentiment);
    }

    /** Who wrote a mention. {@code followers} is -1 when the platform does not say. */
    public record Author(String id, String handle, String displayName, long followers) {
        public static final Author UNKNOWN = new Author(null, null, null, -1);
    }

    /** Engagement counts at the time of ingest; -1 where the platform does not report a count. */
    public record Engagement(long likes, long reposts, long replies, long quotes) {
        public static final Engagement NONE = new Engagement(0, 0, 0, 0);

        public long total() {
            return Math.max(0, likes) + Math.max(0, reposts) + Math.max(0, replies) + Math.max(0, quotes);
        }
    }
}
