package io.monitor.ingest.youtube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.core.config.SettingsException;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.JsonCursors;
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
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Top-level YouTube comments from the Data API v3 {@code commentThreads} ({@code order=time}) of the configured
 * videos ({@code options.videos}) and channels ({@code options.channels}, all threads related to the channel), with
 * an API key from {@code credentialEnv}.
 *
 * <p>Resume: per target {@code {"t": newest publishedAt (epoch s), "seen": {threadId: t}}}; each fetch reads the
 * newest page and follows {@code nextPageToken} (at most 5 pages) while it is newer than {@code t - overlap}
 * (default 10 min). First run: {@code options.lookback} (default 1 h). Quota exhaustion (403 {@code quotaExceeded})
 * waits until the quota resets at midnight Pacific time. Replies inside threads are not read.
 */
public final class YouTubeConnector extends SourceConnector {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(YouTubeConnector.class);
    public static final String PLATFORM = "youtube";
    private static final int MAX_PAGES = 5;
    private static final ZoneId QUOTA_ZONE = ZoneId.of("America/Los_Angeles");

    private final HttpFetcher http;
    private final String baseUrl;
    private final List<String> targets;
    private final Duration overlap;
    private final Duration lookback;
    private final Function<String, String> env;

    public YouTubeConnector(SourceContext ctx) {
        this(ctx, System::getenv);
    }

    YouTubeConnector(SourceContext ctx, Function<String, String> env) {
        super(ctx, PLATFORM);
        this.http = ctx.http();
        this.env = env;
        this.baseUrl = ctx.baseUrl("https://www.googleapis.com/youtube/v3");
        List<String> t = new ArrayList<>();
        ctx.listOption("videos").forEach(v -> t.add("videoId=" + v));
        ctx.listOption("channels").forEach(c -> t.add("allThreadsRelatedToChannelId=" + c));
        if (t.isEmpty()) {
            throw new SettingsException(ctx.key() + ".options.videos", "no video or channel: set options.videos or options.channels");
        }
        if (ctx.source().credentialEnv() == null || ctx.source().credentialEnv().isBlank()) {
            throw new SettingsException(ctx.key() + ".credentialEnv", "name the environment variable holding the API key");
        }
        this.targets = List.copyOf(t);
        this.overlap = ctx.durationOption("overlap", Duration.ofMinutes(10));
        this.lookback = ctx.durationOption("lookback", Duration.ofHours(1));
    }

    @Override
    public Batch fetch(String cursorText) throws FetchException, InterruptedException {
        Instant now = ctx.clock().instant();
        String key = env.apply(ctx.source().credentialEnv());
        if (key == null || key.isBlank()) {
            throw FetchException.fatal("auth", "environment variable " + ctx.source().credentialEnv()
                    + " is not set to a YouTube Data API key");
        }
        ObjectNode cursor = parse(cursorText);
        ObjectNode next = cursor.deepCopy();
        List<Mention> mentions = new ArrayList<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        for (String target : targets) {
            JsonNode state = cursor.path(target);
            long t = state.has("t") ? state.get("t").asLong() : now.minus(lookback).getEpochSecond();
            long from = t - overlap.toSeconds();
            Map<String, JsonNode> threads = new LinkedHashMap<>();
            String pageToken = null;
            boolean broken = false;
            for (int page = 0; page < MAX_PAGES; page++) {
                URI uri = URI.create(baseUrl + "/commentThreads?part=snippet&order=time&maxResults=100&textFormat=plainText&"
                        + target + (pageToken == null ? "" : "&pageToken=" + enc(pageToken)) + "&key=" + enc(key));
                HttpFetcher.Response r = http.getUnchecked(uri, Map.of());
                if (r.status() == 403 && (r.body().contains("quotaExceeded") || r.body().contains("dailyLimitExceeded"))) {
                    Instant reset = now.atZone(QUOTA_ZONE).toLocalDate().plusDays(1).atStartOfDay(QUOTA_ZONE)
                            .toInstant();
                    throw FetchException.retryable("quota", "YouTube API quota exhausted; it resets at " + reset,
                            Duration.between(now, reset), null);
                }
                r = http.check(uri, r);
                JsonNode body = r.jsonOrNull();
                if (body == null || !body.path("items").isArray()) {
                    rejected.add(new Batch.Rejected(r.body(), "commentThreads for " + target + " returned no items array"));
                    broken = true;
                    break;
                }
                boolean older = false;
                for (JsonNode item : body.path("items")) {
                    String id = item.path("id").asText("");
                    Instant published = published(item);
                    if (id.isEmpty()) {
                        rejected.add(new Batch.Rejected(item.toString(), "comment thread without id"));
                    } else if (published != null && published.getEpochSecond() < from) {
                        older = true;
                    } else {
                        threads.putIfAbsent(id, item);
                    }
                }
                pageToken = body.path("nextPageToken").asText(null);
                if (older || pageToken == null) {
                    break;
                }
                if (page == MAX_PAGES - 1) {
                    LOG.warn("{}: more than {} pages of new comments on {}; older ones in this gap are skipped",
                            id(), MAX_PAGES, target);
                }
            }
            if (broken) {
                continue;
            }
            SeenWindowCursor after = new SeenWindowCursor(t, SeenWindowCursor.read(state, "seen").seen())
                    .admit(threads, item -> map(item, now), item -> t, overlap.toSeconds(), mentions, rejected);
            next.set(target, after.toJson("seen"));
        }
        mentions.sort(Comparator.comparing(Mention::createdAt).thenComparing(Mention::id));
        return new Batch(mentions, rejected, next.toString(), false, null);
    }

    private static Instant published(JsonNode item) {
        try {
            return Instant.parse(item.path("snippet").path("topLevelComment").path("snippet").path("publishedAt").asText(""));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Mention map(JsonNode item, Instant ingestedAt) {
        String id = item.path("id").asText("");
        JsonNode s = item.path("snippet").path("topLevelComment").path("snippet");
        Instant published = published(item);
        if (published == null) {
            throw new IllegalArgumentException("comment thread " + id + " has no valid publishedAt");
        }
        String text = s.hasNonNull("textOriginal") ? s.get("textOriginal").asText()
                : Html.toText(s.path("textDisplay").asText(""));
        String video = s.path("videoId").asText(item.path("snippet").path("videoId").asText(null));
        String channel = s.path("authorChannelId").path("value").asText(null);
        String name = s.path("authorDisplayName").asText(null);
        return new Mention(Mention.SCHEMA_VERSION, PLATFORM, id,
                video == null ? null : "https://www.youtube.com/watch?v=" + video + "&lc=" + id,
                new Mention.Author(channel, name, name, -1), text, null, published, ingestedAt,
                new Mention.Engagement(s.path("likeCount").asLong(-1), -1,
                        item.path("snippet").path("totalReplyCount").asLong(-1), -1),
                null, null, null, List.of(), null);
    }

    private static ObjectNode parse(String text) {
        return JsonCursors.parseObject(text, PLATFORM);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
