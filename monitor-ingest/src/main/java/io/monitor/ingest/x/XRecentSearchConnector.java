package io.monitor.ingest.x;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.json.Json;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.JsonCursors;
import io.monitor.ingest.SourceConnector;
import io.monitor.ingest.SourceContext;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.PaginationToken;
import twitter4j.RateLimitStatus;
import twitter4j.TweetsResponse;
import twitter4j.Twitter;
import twitter4j.TwitterException;
import twitter4j.TwitterFactory;
import twitter4j.TwitterObjectFactory;
import twitter4j.TwitterV2;
import twitter4j.TwitterV2ExKt;
import twitter4j.V2ConfigurationKt;
import twitter4j.auth.OAuth2Token;
import twitter4j.conf.Configuration;
import twitter4j.conf.ConfigurationBuilder;

/**
 * X posts from the API v2 recent search ({@code GET /2/tweets/search/recent}, paid tiers) through Twitter4J
 * ({@code jp.takke.twitter4j-v2}, see the package documentation) with a bearer token from {@code credentialEnv};
 * one query per brand ({@code options.queries}, default {@code ("<name>" OR #<hashtag>...) -is:retweet}).
 *
 * <p>Resume: per query the newest post id seen ({@code since_id}); pages are followed with {@code next_token} (at most
 * 10). On the first run only the newest page is read. {@code created_at} is asked for; when absent it is derived from
 * the snowflake id. Authors come from {@code includes.users}. When {@code x-rate-limit-remaining} reaches 0 the next
 * fetch waits for {@code x-rate-limit-reset}; a 429 waits for the same header. An unreadable page is dead-lettered
 * and that query keeps its {@code since_id}.
 */
public final class XRecentSearchConnector extends SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(XRecentSearchConnector.class);
    public static final String PLATFORM = "x";
    private static final int MAX_PAGES = 10;
    private static final long TWITTER_EPOCH_MS = 1288834974657L;
    private static final Comparator<String> BY_ID = Comparator.comparing(BigInteger::new);
    static final String TWEET_FIELDS = "created_at,author_id,lang,public_metrics,referenced_tweets";
    static final String USER_FIELDS = "username,name,public_metrics";

    private final String baseUrl;
    private final List<String> queries;
    private final Function<String, String> env;
    private TwitterV2 twitter;
    private String twitterBearer;

    public XRecentSearchConnector(SourceContext ctx) {
        this(ctx, System::getenv);
    }

    XRecentSearchConnector(SourceContext ctx, Function<String, String> env) {
        super(ctx, PLATFORM);
        this.env = env;
        this.baseUrl = ctx.baseUrl("https://api.x.com");
        List<String> q = ctx.listOption("queries");
        this.queries = q.isEmpty() ? ctx.brands().stream().map(XRecentSearchConnector::defaultQuery).toList() : q;
        if (ctx.source().credentialEnv() == null || ctx.source().credentialEnv().isBlank()) {
            throw new SettingsException(ctx.key() + ".credentialEnv", "name the environment variable holding the X bearer token");
        }
        if (queries.isEmpty()) {
            throw new SettingsException(ctx.key() + ".options.queries", "no query: configure brands or options.queries");
        }
    }

    /** The search queries, one per brand or as configured in {@code options.queries}. */
    List<String> queries() {
        return queries;
    }

    static String defaultQuery(BrandSettings b) {
        StringBuilder s = new StringBuilder("\"").append(b.name().replace("\"", "")).append('"');
        b.hashtags().forEach(h -> s.append(" OR #").append(h.replaceFirst("^#", "")));
        return "(" + s + ") -is:retweet";
    }

    @Override
    public Batch fetch(String cursorText) throws FetchException, InterruptedException {
        Instant now = ctx.clock().instant();
        TwitterV2 v2 = client();
        Map<String, String> cursor = JsonCursors.parseStrings(cursorText, PLATFORM);
        Map<String, String> next = new HashMap<>(cursor);
        Map<String, Mention> mentions = new LinkedHashMap<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        Instant notBefore = null;
        for (String query : queries) {
            String since = cursor.get(query);
            String newest = since;
            String token = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                String raw;
                try {
                    TweetsResponse r = v2.searchRecent(query, null, "author_id", 100, null,
                            token == null ? null : new PaginationToken(token), null, null,
                            since == null ? null : Long.valueOf(since), null, TWEET_FIELDS, null, USER_FIELDS);
                    raw = TwitterObjectFactory.getRawJSON(r);
                    RateLimitStatus limit = r.getRateLimitStatus();
                    if (limit != null && limit.getRemaining() == 0) {
                        notBefore = Instant.ofEpochSecond(limit.getResetTimeInSeconds());
                    }
                } catch (TwitterException e) {
                    if (!(e.getCause() instanceof twitter4j.JSONException)) {
                        throw sorted(e, query, now);
                    }
                    raw = e.getMessage(); // Twitter4J's message carries the unreadable body
                }
                JsonNode body;
                try {
                    body = raw == null ? null : Json.MAPPER.readTree(raw);
                } catch (JsonProcessingException e) {
                    body = null;
                }
                if (body == null || !body.isObject() || !body.has("meta")) {
                    rejected.add(new Batch.Rejected(raw, "recent search for '" + query + "' is not a search response"));
                    // a broken page: keep the old since_id for this query, so the next poll asks again
                    newest = since;
                    break;
                }
                Map<String, JsonNode> users = new HashMap<>();
                body.path("includes").path("users").forEach(u -> users.put(u.path("id").asText(), u));
                for (JsonNode t : body.path("data")) {
                    String id = t.path("id").asText("");
                    try {
                        Mention m = map(t, users, now);
                        mentions.putIfAbsent(id, m);
                    } catch (IllegalArgumentException e) {
                        rejected.add(new Batch.Rejected(t.toString(), e.getMessage()));
                    }
                    if (id.matches("\\d{1,19}") && (newest == null || BY_ID.compare(id, newest) > 0)) {
                        newest = id;
                    }
                }
                token = body.path("meta").path("next_token").asText(null);
                if (since == null || token == null || notBefore != null) {
                    break; // first run: the newest page only
                }
                if (page == MAX_PAGES - 1) {
                    LOG.warn("{}: more than {} pages of new posts for '{}'; older ones in this gap are skipped",
                            id(), MAX_PAGES, query);
                }
            }
            if (newest != null) {
                next.put(query, newest);
            }
            if (notBefore != null) {
                break;
            }
        }
        List<Mention> sorted = new ArrayList<>(mentions.values());
        sorted.sort(Comparator.comparing(Mention::createdAt).thenComparing(Mention::id, BY_ID));
        return new Batch(sorted, rejected, JsonCursors.formatStrings(next), false, notBefore);
    }

    /** Twitter4J's failure sorted like every other connector's: network/429/5xx retryable, 401/403/4xx fatal. */
    private FetchException sorted(TwitterException e, String query, Instant now) {
        String what = "X recent search for '" + query + "' at " + baseUrl + " failed: "
                + e.getMessage().replaceAll("\\s+", " ");
        int s = e.getStatusCode();
        if (e.isCausedByNetworkIssue() || s < 0) {
            return FetchException.retryable("network", what, null, e);
        }
        if (s == 401 || s == 403) {
            return FetchException.fatal("auth", what + ": authentication failed, check the bearer token in "
                    + ctx.source().credentialEnv());
        }
        if (s == 429 || e.exceededRateLimitation()) {
            RateLimitStatus limit = e.getRateLimitStatus();
            Duration wait = limit == null ? null
                    : Duration.ofSeconds(Math.max(0, limit.getResetTimeInSeconds() - now.getEpochSecond()));
            return FetchException.retryable("rate_limited", what, wait, e);
        }
        if (s >= 500 || s == 408) {
            return FetchException.retryable("server", what, null, e);
        }
        return FetchException.fatal("client", what + ": check the source's baseUrl and options.queries");
    }

    /** Twitter4J with app-only auth (the bearer token) pointed at {@code baseUrl}; built on the first fetch. */
    private TwitterV2 client() throws FetchException {
        String bearer = env.apply(ctx.source().credentialEnv());
        if (bearer == null || bearer.isBlank()) {
            throw FetchException.fatal("auth", "environment variable " + ctx.source().credentialEnv()
                    + " is not set to an X API bearer token");
        }
        if (twitter == null || !bearer.equals(twitterBearer)) {
            String base = baseUrl + "/2/";
            Configuration conf = new ConfigurationBuilder().setApplicationOnlyAuthEnabled(true)
                    // app-only auth with a ready bearer token: Twitter4J wants a consumer key set but never uses it
                    .setOAuthConsumerKey("unused").setOAuthConsumerSecret("unused")
                    .setRestBaseURL(base).setJSONStoreEnabled(true).setTrimUserEnabled(false)
                    .setHttpConnectionTimeout(10_000).setHttpReadTimeout(30_000).setHttpRetryCount(0).build();
            Twitter t = new TwitterFactory(conf).getInstance();
            t.setOAuth2Token(new OAuth2Token("bearer", bearer));
            V2ConfigurationKt.getV2Configuration(t.getConfiguration()).setBaseURL(base);
            twitter = TwitterV2ExKt.getV2(t);
            twitterBearer = bearer;
        }
        return twitter;
    }

    static Mention map(JsonNode t, Map<String, JsonNode> users, Instant now) {
        String id = t.path("id").asText("");
        if (!id.matches("\\d{1,20}")) {
            throw new IllegalArgumentException("post without a numeric id");
        }
        Instant created;
        try {
            created = t.hasNonNull("created_at") ? Instant.parse(t.get("created_at").asText()) : snowflakeTime(id);
        } catch (DateTimeParseException e) {
            created = snowflakeTime(id);
        }
        JsonNode u = users.get(t.path("author_id").asText(""));
        Mention.Author author = u == null ? new Mention.Author(t.path("author_id").asText(null), null, null, -1)
                : new Mention.Author(u.path("id").asText(), u.path("username").asText(null), u.path("name").asText(null),
                u.path("public_metrics").path("followers_count").asLong(-1));
        String replyTo = null;
        String quoteOf = null;
        String repostOf = null;
        for (JsonNode ref : t.path("referenced_tweets")) {
            switch (ref.path("type").asText()) {
                case "replied_to" -> replyTo = ref.path("id").asText(null);
                case "quoted" -> quoteOf = ref.path("id").asText(null);
                case "retweeted" -> repostOf = ref.path("id").asText(null);
                default -> { }
            }
        }
        JsonNode pm = t.path("public_metrics");
        String handle = author.handle() == null ? "i" : author.handle();
        return new Mention(Mention.SCHEMA_VERSION, PLATFORM, id, "https://x.com/" + handle + "/status/" + id, author,
                t.path("text").asText(""), t.path("lang").asText(null), created, now,
                new Mention.Engagement(pm.path("like_count").asLong(-1), pm.path("retweet_count").asLong(-1),
                        pm.path("reply_count").asLong(-1), pm.path("quote_count").asLong(-1)),
                replyTo, quoteOf, repostOf, List.of(), null);
    }

    /** X ids are snowflakes: milliseconds since the Twitter epoch in the bits above 22. */
    static Instant snowflakeTime(String id) {
        return Instant.ofEpochMilli((Long.parseLong(id) >> 22) + TWITTER_EPOCH_MS);
    }
}
