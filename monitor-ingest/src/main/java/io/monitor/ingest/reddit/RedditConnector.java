package io.monitor.ingest.reddit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.SourceConnector;
import io.monitor.ingest.SeenWindowCursor;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reddit posts from {@code GET /search?q=&sort=new&type=link} (or {@code /r/<subreddit>/search} with
 * {@code restrict_sr}), one query per brand (its name, or {@code options.queries}), with an application-only OAuth
 * token ({@code client_credentials}; {@code credentialEnv} names a variable holding {@code client_id:client_secret}).
 *
 * <p>Resume: {@code {"t": newest created_utc, "seen": {fullname: created_utc}}}. Reddit's own {@code before} cursor
 * returns nothing once that post is deleted, so each fetch reads the newest page and follows {@code after} (at most
 * 5 pages) while the page is still newer than {@code t - overlap} (default 10 min), dropping fullnames already seen.
 * When {@code X-Ratelimit-Remaining} drops below 1 the next fetch waits {@code X-Ratelimit-Reset} seconds.
 *
 * <p>Options: {@code queries}, {@code subreddit}, {@code overlap}, {@code lookback} (first run, default 1 h),
 * {@code tokenUrl} (default {@code https://www.reddit.com/api/v1/access_token}), {@code userAgent}.
 * Base URL default {@code https://oauth.reddit.com}.
 */
public final class RedditConnector extends SourceConnector {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedditConnector.class);
    public static final String PLATFORM = "reddit";
    private static final int MAX_PAGES = 5;
    private static final String SEEN = "seen";

    private final HttpFetcher http;
    private final String baseUrl;
    private final URI tokenUrl;
    private final List<String> queries;
    private final String subreddit;
    private final Duration overlap;
    private final Duration lookback;
    private final String userAgent;
    private final Function<String, String> env;
    private String token;
    private Instant tokenExpires = Instant.MIN;

    public RedditConnector(SourceContext ctx) {
        this(ctx, System::getenv);
    }

    RedditConnector(SourceContext ctx, Function<String, String> env) {
        super(ctx, PLATFORM);
        this.http = ctx.http();
        this.env = env;
        this.baseUrl = ctx.baseUrl("https://oauth.reddit.com");
        this.tokenUrl = URI.create(ctx.option("tokenUrl", "https://www.reddit.com/api/v1/access_token"));
        List<String> q = ctx.listOption("queries");
        this.queries = q.isEmpty() ? ctx.brands().stream().map(BrandSettings::name).distinct().toList() : q;
        this.subreddit = ctx.option("subreddit", null);
        this.overlap = ctx.durationOption("overlap", Duration.ofMinutes(10));
        this.lookback = ctx.durationOption("lookback", Duration.ofHours(1));
        this.userAgent = ctx.option("userAgent", "java:io.monitor.ingest:0.1 (social listening)");
        String credentialEnv = ctx.source().credentialEnv();
        if (credentialEnv == null || credentialEnv.isBlank()) {
            throw new SettingsException(ctx.key() + ".credentialEnv",
                    "Reddit needs an OAuth client: name the environment variable holding client_id:client_secret");
        }
        if (queries.isEmpty()) {
            throw new SettingsException(ctx.key() + ".options.queries", "no query: configure brands or options.queries");
        }
    }

    private String token() throws FetchException, InterruptedException {
        Instant now = ctx.clock().instant();
        if (token != null && now.isBefore(tokenExpires)) {
            return token;
        }
        String name = ctx.source().credentialEnv();
        String cred = env.apply(name);
        if (cred == null || !cred.contains(":")) {
            throw FetchException.fatal("auth", "environment variable " + name
                    + " is not set to client_id:client_secret of a Reddit app");
        }
        String basic = Base64.getEncoder().encodeToString(cred.strip().getBytes(StandardCharsets.UTF_8));
        HttpFetcher.Response r = http.postForm(tokenUrl, Map.of("Authorization", "Basic " + basic,
                "User-Agent", userAgent), "grant_type=client_credentials");
        try {
            JsonNode n = Json.MAPPER.readTree(r.body());
            if (!n.hasNonNull("access_token")) {
                throw FetchException.fatal("auth", "Reddit token endpoint answered without access_token: "
                        + n.path("error").asText(r.body()));
            }
            token = n.get("access_token").asText();
            tokenExpires = now.plusSeconds(Math.max(60, n.path("expires_in").asLong(3600)) - 60);
            return token;
        } catch (JsonProcessingException e) {
            throw FetchException.retryable("server", "Reddit token endpoint answered non-JSON", null, e);
        }
    }

    @Override
    public Batch fetch(String cursorText) throws FetchException, InterruptedException {
        Instant now = ctx.clock().instant();
        SeenWindowCursor cursor = SeenWindowCursor.resume(cursorText, SEEN, PLATFORM,
                now.minus(lookback).getEpochSecond());
        long from = cursor.t() - overlap.toSeconds();
        Map<String, JsonNode> posts = new LinkedHashMap<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        Instant notBefore = null;
        outer:
        for (String query : queries) {
            String after = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                String path = subreddit == null ? "/search" : "/r/" + enc(subreddit) + "/search";
                URI uri = URI.create(baseUrl + path + "?q=" + enc(query) + "&sort=new&type=link&limit=100&raw_json=1"
                        + (subreddit == null ? "" : "&restrict_sr=1") + (after == null ? "" : "&after=" + enc(after)));
                String bearer = token(); // a refused client credential here is fatal: retrying cannot fix it
                HttpFetcher.Response r;
                try {
                    r = http.get(uri, Map.of("Authorization", "Bearer " + bearer, "User-Agent", userAgent));
                } catch (FetchException e) {
                    if (!e.retryable() && e.kind().equals("auth")) {
                        token = null; // an expired or revoked token: the next attempt fetches a new one
                        throw FetchException.retryable("auth", e.getMessage(), null, e);
                    }
                    throw e;
                }
                Optional<String> remaining = r.header("X-Ratelimit-Remaining");
                if (remaining.isPresent() && parseDouble(remaining.get()) < 1) {
                    Duration wait = r.header("X-Ratelimit-Reset").map(v -> HttpFetcher.resetIn(v, now)).orElse(null);
                    notBefore = wait == null ? null : now.plus(wait);
                }
                JsonNode body = r.jsonOrNull();
                if (body == null || !body.path("data").path("children").isArray()) {
                    return new Batch(List.of(), List.of(new Batch.Rejected(r.body(),
                            "Reddit search for '" + query + "' did not return a Listing")), cursorText, false, notBefore);
                }
                boolean older = false;
                for (JsonNode child : body.path("data").path("children")) {
                    JsonNode d = child.path("data");
                    String name = d.path("name").asText("");
                    if (name.isEmpty()) {
                        rejected.add(new Batch.Rejected(child.toString(), "listing child without name"));
                        continue;
                    }
                    long created = d.path("created_utc").asLong(Long.MIN_VALUE);
                    if (created < from) {
                        older = true;
                        continue;
                    }
                    posts.putIfAbsent(name, d);
                }
                after = body.path("data").path("after").asText(null);
                if (notBefore != null) {
                    break outer;
                }
                if (older || after == null) {
                    break;
                }
                if (page == MAX_PAGES - 1) {
                    LOG.warn("{}: more than {} pages of new posts for '{}'; older ones in this gap are skipped",
                            id(), MAX_PAGES, query);
                }
            }
        }
        List<Mention> mentions = new ArrayList<>();
        SeenWindowCursor next = cursor.admit(posts, d -> map(d, now), d -> cursor.t(), overlap.toSeconds(),
                mentions, rejected);
        mentions.sort(Comparator.comparing(Mention::createdAt).thenComparing(Mention::id));
        return new Batch(mentions, rejected, next.format(SEEN), false, notBefore);
    }

    static Mention map(JsonNode d, Instant ingestedAt) {
        String name = d.path("name").asText("");
        if (!d.path("created_utc").isNumber()) {
            throw new IllegalArgumentException("post " + name + " has no numeric created_utc");
        }
        double created = d.path("created_utc").asDouble();
        String title = d.path("title").asText("");
        String self = d.path("selftext").asText("");
        String text = (title + (self.isBlank() ? "" : "\n\n" + self)).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("post " + name + " has neither title nor text");
        }
        String author = d.path("author").asText(null);
        String permalink = d.path("permalink").asText("");
        String url = permalink.isEmpty() ? d.path("url").asText(null)
                : "https://www.reddit.com" + permalink.replaceFirst("\\?ref=search_posts$", "");
        return new Mention(Mention.SCHEMA_VERSION, PLATFORM, name, url,
                new Mention.Author(d.path("author_fullname").asText(author), author, author, -1), text, null,
                Instant.ofEpochMilli((long) (created * 1000)), ingestedAt,
                new Mention.Engagement(d.path("score").asLong(-1), -1, d.path("num_comments").asLong(-1), -1),
                null, null, d.path("crosspost_parent").asText(null), List.of(), null);
    }

    private static double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.MAX_VALUE;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
