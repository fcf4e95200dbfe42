package io.monitor.ingest.rss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.config.SettingsException;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.JsonCursors;
import io.monitor.ingest.SourceConnector;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RSS 2.0 / Atom feeds ({@code options.feeds}, or the {@code baseUrl} as the one feed), Google Alerts feeds included
 * (redirect links are unwrapped to the real article). Uses conditional GET: the stored {@code ETag} and
 * {@code Last-Modified} go out as {@code If-None-Match}/{@code If-Modified-Since}, and a 304 is skipped.
 *
 * <p>Resume: the cursor is {@code {"<feed url>": {"etag", "lastModified", "seen": [entry ids]}}}; an entry is published
 * when its id is not in {@code seen}. {@code seen} keeps the ids of the latest document plus older ones up to 2000.
 * Entries without a date get the ingest time as their creation time.
 */
public final class FeedConnector extends SourceConnector {
    public static final String PLATFORM = "rss";
    private static final int MAX_SEEN = 2000;

    private final HttpFetcher http;
    private final List<String> feeds;

    public FeedConnector(SourceContext ctx) {
        super(ctx, PLATFORM);
        this.http = ctx.http();
        List<String> f = new ArrayList<>(ctx.listOption("feeds"));
        if (f.isEmpty() && ctx.source().baseUrl() != null && !ctx.source().baseUrl().isBlank()) {
            f.add(ctx.source().baseUrl().strip());
        }
        if (f.isEmpty()) {
            throw new SettingsException(ctx.key() + ".options.feeds", "no feed URL: list them in options.feeds");
        }
        for (String url : f) {
            try {
                URI u = URI.create(url);
                if (u.getScheme() == null || !u.getScheme().startsWith("http")) {
                    throw new IllegalArgumentException("not http(s)");
                }
            } catch (IllegalArgumentException e) {
                throw new SettingsException(ctx.key() + ".options.feeds", "'" + url + "' is not an http(s) URL");
            }
        }
        this.feeds = List.copyOf(f);
    }

    @Override
    public Batch fetch(String cursorText) throws FetchException, InterruptedException {
        Instant now = ctx.clock().instant();
        ObjectNode cursor = parse(cursorText);
        ObjectNode next = cursor.deepCopy();
        List<Mention> mentions = new ArrayList<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        for (String feed : feeds) {
            JsonNode state = cursor.path(feed);
            Map<String, String> headers = new HashMap<>();
            headers.put("Accept", "application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1");
            if (state.hasNonNull("etag")) {
                headers.put("If-None-Match", state.get("etag").asText());
            }
            if (state.hasNonNull("lastModified")) {
                headers.put("If-Modified-Since", state.get("lastModified").asText());
            }
            HttpFetcher.Response r = http.get(URI.create(feed), headers);
            if (r.notModified()) {
                continue;
            }
            List<FeedParser.Entry> entries;
            try {
                entries = FeedParser.parse(r.body());
            } catch (FeedParser.FeedException e) {
                rejected.add(new Batch.Rejected(r.body(), feed + ": " + e.getMessage()));
                continue;
            }
            Set<String> seen = new LinkedHashSet<>();
            state.path("seen").forEach(n -> seen.add(n.asText()));
            Set<String> nowSeen = new LinkedHashSet<>();
            for (FeedParser.Entry e : entries) {
                if (e.id() != null) {
                    nowSeen.add(e.id());
                }
                if (e.id() != null && seen.contains(e.id())) {
                    continue;
                }
                if (e.error() != null) {
                    rejected.add(new Batch.Rejected(e.raw(), feed + ": " + e.error()));
                    continue;
                }
                mentions.add(map(e, feed, now));
            }
            for (String old : seen) {
                if (nowSeen.size() >= MAX_SEEN) {
                    break;
                }
                nowSeen.add(old);
            }
            ObjectNode s = next.putObject(feed);
            r.header("ETag").ifPresent(v -> s.put("etag", v));
            r.header("Last-Modified").ifPresent(v -> s.put("lastModified", v));
            ArrayNode arr = s.putArray("seen");
            nowSeen.forEach(arr::add);
        }
        mentions.sort(Comparator.comparing(Mention::createdAt).thenComparing(Mention::id));
        return new Batch(mentions, rejected, next.toString(), false, null);
    }

    static Mention map(FeedParser.Entry e, String feed, Instant now) {
        // without a named author the outlet (the article's host) is the most useful "who" for a community manager
        String author = e.author() == null || e.author().isBlank() ? null : e.author().strip();
        String who = author != null ? author : host(e.link()) != null ? host(e.link()) : host(feed);
        return new Mention(Mention.SCHEMA_VERSION, PLATFORM, e.id(), e.link(),
                new Mention.Author(who, who, author, -1),
                e.text(), null, e.published() != null ? e.published() : now, now,
                new Mention.Engagement(-1, -1, -1, -1), null, null, null, List.of(), null);
    }

    private static String host(String url) {
        try {
            return url == null ? null : URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ObjectNode parse(String text) {
        return JsonCursors.parseObject(text, PLATFORM);
    }
}
