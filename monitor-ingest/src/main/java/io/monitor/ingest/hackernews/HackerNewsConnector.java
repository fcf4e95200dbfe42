package io.monitor.ingest.hackernews;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.SourceConnector;
import io.monitor.ingest.SeenWindowCursor;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.Html;
import io.monitor.ingest.http.HttpFetcher;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hacker News stories and comments through Algolia's {@code search_by_date}, one query per brand (the brand's
 * name, or {@code options.queries}).
 *
 * <p>Resume: the cursor is {@code {"t": newest created_at_i seen, "seen": {objectID: created_at_i}}}. Every fetch
 * asks for {@code created_at_i >= t - overlap} (default 5 min, {@code options.overlap}) because Algolia indexes with
 * a delay, and drops the objectIDs already seen; ids older than the overlap are forgotten. On the very first run it
 * starts {@code options.lookback} (default 1 h) in the past. Pages through at most 10 pages of
 * {@code options.hitsPerPage} (default 100) per query and fetch.
 *
 * <p>Options: {@code queries}, {@code tags} (default {@code (story,comment)}), {@code lookback}, {@code overlap},
 * {@code hitsPerPage}. Base URL default {@code https://hn.algolia.com/api/v1}.
 */
public final class HackerNewsConnector extends SourceConnector {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HackerNewsConnector.class);
    public static final String PLATFORM = "hackernews";
    private static final int MAX_PAGES = 10;
    private static final String SEEN = "seen";

    private final HttpFetcher http;
    private final String baseUrl;
    private final List<String> queries;
    private final String tags;
    private final Duration lookback;
    private final Duration overlap;
    private final int hitsPerPage;

    public HackerNewsConnector(SourceContext ctx) {
        super(ctx, PLATFORM);
        this.http = ctx.http();
        this.baseUrl = ctx.baseUrl("https://hn.algolia.com/api/v1");
        List<String> q = ctx.listOption("queries");
        this.queries = q.isEmpty() ? ctx.brands().stream().map(BrandSettings::name).distinct().toList() : q;
        this.tags = ctx.option("tags", "(story,comment)");
        this.lookback = ctx.durationOption("lookback", Duration.ofHours(1));
        this.overlap = ctx.durationOption("overlap", Duration.ofMinutes(5));
        this.hitsPerPage = ctx.intOption("hitsPerPage", 100, 1, 1000);
    }

    @Override
    public Batch fetch(String cursorText) throws FetchException, InterruptedException {
        Instant now = ctx.clock().instant();
        SeenWindowCursor cursor = SeenWindowCursor.resume(cursorText, SEEN, PLATFORM,
                now.minus(lookback).getEpochSecond());
        long from = cursor.t() - overlap.toSeconds();
        Map<String, JsonNode> hits = new LinkedHashMap<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        for (String query : queries) {
            for (int page = 0; page < MAX_PAGES; page++) {
                URI uri = URI.create(baseUrl + "/search_by_date?query=" + enc(query) + "&tags=" + enc(tags)
                        + "&numericFilters=" + enc("created_at_i>=" + from) + "&hitsPerPage=" + hitsPerPage
                        + "&page=" + page);
                HttpFetcher.Response r = http.get(uri, Map.of());
                JsonNode body = r.jsonOrNull();
                if (body == null || !body.path("hits").isArray()) {
                    // The whole page is unreadable: dead-letter it and keep the cursor, the next poll asks again.
                    return new Batch(List.of(), List.of(new Batch.Rejected(r.body(),
                            "Algolia response for query '" + query + "' is not a search result (no hits array)")),
                            cursorText, false, null);
                }
                for (JsonNode hit : body.path("hits")) {
                    String id = hit.path("objectID").asText("");
                    if (id.isEmpty()) {
                        rejected.add(new Batch.Rejected(hit.toString(), "hit without objectID"));
                    } else {
                        hits.putIfAbsent(id, hit);
                    }
                }
                if (page + 1 >= body.path("nbPages").asInt(1)) {
                    break;
                }
                if (page == MAX_PAGES - 1) {
                    LOG.warn("{}: more than {} pages of new hits for '{}'; older ones in this gap are skipped",
                            id(), MAX_PAGES, query);
                }
            }
        }
        List<Mention> mentions = new ArrayList<>();
        SeenWindowCursor next = cursor.admit(hits, hit -> map(hit, now),
                hit -> hit.path("created_at_i").asLong(cursor.t()), overlap.toSeconds(), mentions, rejected);
        mentions.sort(Comparator.comparing(Mention::createdAt).thenComparing(Mention::id));
        return new Batch(mentions, rejected, next.format(SEEN), false, null);
    }

    /** Maps one Algolia hit; throws IllegalArgumentException with the reason when it cannot. */
    static Mention map(JsonNode hit, Instant ingestedAt) {
        String id = hit.path("objectID").asText("");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("hit without objectID");
        }
        if (!hit.path("created_at_i").canConvertToLong()) {
            throw new IllegalArgumentException("hit " + id + " has no numeric created_at_i");
        }
        Instant created = Instant.ofEpochSecond(hit.path("created_at_i").asLong());
        boolean comment = !hit.path("comment_text").isNull() && hit.hasNonNull("comment_text");
        String text;
        if (comment) {
            text = Html.toText(hit.path("comment_text").asText());
        } else {
            String title = hit.path("title").asText("");
            String body = Html.toText(hit.path("story_text").asText(""));
            String link = hit.path("url").asText("");
            text = title + (body.isEmpty() ? "" : "\n\n" + body) + (link.isEmpty() ? "" : "\n" + link);
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("hit " + id + " has neither title nor text");
        }
        String author = hit.path("author").asText(null);
        String parent = hit.hasNonNull("parent_id") ? hit.path("parent_id").asText() : null;
        return new Mention(Mention.SCHEMA_VERSION, PLATFORM, id, "https://news.ycombinator.com/item?id=" + id,
                new Mention.Author(author, author, author, -1), text, null, created, ingestedAt,
                new Mention.Engagement(hit.hasNonNull("points") ? hit.path("points").asLong() : -1, -1,
                        hit.hasNonNull("num_comments") ? hit.path("num_comments").asLong() : -1, -1),
                comment ? parent : null, null, null, List.of(), null);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
