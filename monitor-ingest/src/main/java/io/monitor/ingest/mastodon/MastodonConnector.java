package io.monitor.ingest.mastodon;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.JsonCursors;
import io.monitor.ingest.SourceConnector;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.Html;
import io.monitor.ingest.http.HttpFetcher;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Mastodon public hashtag timelines over REST: {@code GET /api/v1/timelines/tag/:hashtag?min_id=&limit=40} for every
 * watched hashtag ({@code options.hashtags}, default: the brands' hashtags). Needs no token on most instances.
 *
 * <p>Resume: the cursor is {@code {"hashtag": newest status id seen}}; {@code min_id} returns the statuses right
 * after it, so a full page means "more right now" and the runner fetches again at once. On the first run it takes
 * the newest page only. Content HTML is stripped to text (the spoiler text, if any, first). When
 * {@code X-RateLimit-Remaining} reaches 0 the next fetch waits for {@code X-RateLimit-Reset}; 429 waits for the
 * same header. With a user token in {@code credentialEnv} the source streams instead
 * ({@link MastodonStreamConnector}) and uses this class to fill gaps.
 */
public final class MastodonConnector extends SourceConnector {
    public static final String PLATFORM = "mastodon";
    static final Comparator<String> BY_ID = Comparator.comparingInt(String::length)
            .thenComparing(Comparator.naturalOrder());

    private final HttpFetcher http;
    private final String baseUrl;
    private final List<String> hashtags;
    private final int limit;
    private final Map<String, String> headers;

    public MastodonConnector(SourceContext ctx) {
        this(ctx, System::getenv);
    }

    MastodonConnector(SourceContext ctx, java.util.function.Function<String, String> envVars) {
        super(ctx, PLATFORM);
        this.http = ctx.http();
        this.baseUrl = ctx.baseUrl("https://mastodon.social");
        List<String> tags = ctx.listOption("hashtags");
        if (tags.isEmpty()) {
            tags = ctx.brands().stream().flatMap(b -> b.hashtags().stream()).toList();
        }
        this.hashtags = List.copyOf(new LinkedHashSet<>(tags.stream()
                .map(t -> t.replaceFirst("^#", "").toLowerCase(Locale.ROOT)).toList()));
        if (hashtags.isEmpty()) {
            throw new io.monitor.core.config.SettingsException(ctx.key() + ".options.hashtags",
                    "no hashtag to follow: set options.hashtags or the brands' hashtags");
        }
        this.limit = ctx.intOption("limit", 40, 1, 40);
        String env = ctx.source().credentialEnv();
        String token = env == null || env.isBlank() ? null : envVars.apply(env);
        this.headers = token == null || token.isBlank() ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    @Override
    public Batch fetch(String cursorText) throws FetchException, InterruptedException {
        return fetch(parse(cursorText), hashtags);
    }

    /** The hashtags followed, lower-case, without '#'. */
    List<String> hashtags() {
        return hashtags;
    }

    /**
     * One page per hashtag of {@code tags} after {@code cursor}'s status id for it (the newest page when it has
     * none); the batch's cursor is {@code cursor} advanced for those tags.
     */
    Batch fetch(Map<String, String> cursor, List<String> tags) throws FetchException, InterruptedException {
        Instant now = ctx.clock().instant();
        Map<String, String> next = new TreeMap<>(cursor);
        Map<String, Mention> mentions = new LinkedHashMap<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        boolean more = false;
        Instant notBefore = null;
        for (String tag : tags) {
            String minId = cursor.get(tag);
            URI uri = URI.create(baseUrl + "/api/v1/timelines/tag/" + URLEncoder.encode(tag, StandardCharsets.UTF_8)
                    + "?limit=" + limit + (minId == null ? "" : "&min_id=" + URLEncoder.encode(minId,
                    StandardCharsets.UTF_8)));
            HttpFetcher.Response r = http.get(uri, headers);
            JsonNode body = r.jsonOrNull();
            if (body == null || !body.isArray()) {
                rejected.add(new Batch.Rejected(r.body(), "tag timeline #" + tag + " did not return a JSON array of statuses"));
                continue;
            }
            String newest = minId;
            for (JsonNode status : body) {
                String id = status.path("id").asText("");
                if (id.isEmpty()) {
                    rejected.add(new Batch.Rejected(status.toString(), "status without id"));
                    continue;
                }
                if (newest == null || BY_ID.compare(id, newest) > 0) {
                    newest = id;
                }
                try {
                    mentions.putIfAbsent(id, map(status, now));
                } catch (IllegalArgumentException e) {
                    rejected.add(new Batch.Rejected(status.toString(), e.getMessage()));
                }
            }
            if (newest != null) {
                next.put(tag, newest);
            }
            more |= body.size() >= limit && minId != null;
            Optional<String> remaining = r.header("X-RateLimit-Remaining");
            if (remaining.isPresent() && remaining.get().trim().equals("0")) {
                Duration wait = r.header("X-RateLimit-Reset").map(v -> HttpFetcher.resetIn(v, now)).orElse(null);
                if (wait != null) {
                    notBefore = now.plus(wait);
                    break; // the remaining hashtags wait for the reset too
                }
            }
        }
        List<Mention> sorted = new ArrayList<>(mentions.values());
        sorted.sort(Comparator.comparing(Mention::createdAt).thenComparing(Mention::id, BY_ID));
        return new Batch(sorted, rejected, format(next), more, notBefore);
    }

    /** Maps one Mastodon Status entity; throws IllegalArgumentException with the reason when it cannot. */
    static Mention map(JsonNode status, Instant ingestedAt) {
        String id = status.path("id").asText("");
        Instant created;
        try {
            created = Instant.parse(status.path("created_at").asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("status " + id + " has no valid created_at");
        }
        JsonNode reblog = status.path("reblog");
        JsonNode content = reblog.isObject() ? reblog : status;
        String spoiler = content.path("spoiler_text").asText("");
        String text = (spoiler.isBlank() ? "" : spoiler + "\n\n") + Html.toText(content.path("content").asText(""));
        JsonNode acct = status.path("account");
        Mention.Author author = new Mention.Author(acct.path("id").asText(null), acct.path("acct").asText(null),
                acct.path("display_name").asText(null), acct.path("followers_count").asLong(-1));
        String lang = content.path("language").isTextual() ? content.path("language").asText() : null;
        String url = status.path("url").isTextual() ? status.path("url").asText() : status.path("uri").asText(null);
        JsonNode quote = content.path("quote");
        String quoteOf = quote.isObject() ? quote.path("quoted_status").path("id").asText(
                quote.path("id").asText(null)) : null;
        return new Mention(Mention.SCHEMA_VERSION, PLATFORM, id, url, author, text, lang, created, ingestedAt,
                new Mention.Engagement(content.path("favourites_count").asLong(-1),
                        content.path("reblogs_count").asLong(-1), content.path("replies_count").asLong(-1),
                        content.path("quotes_count").asLong(-1)),
                status.path("in_reply_to_id").isTextual() ? status.path("in_reply_to_id").asText() : null,
                quoteOf, reblog.isObject() ? reblog.path("id").asText() : null, List.of(), null);
    }

    static Map<String, String> parse(String text) {
        return JsonCursors.parseStrings(text, PLATFORM);
    }

    static String format(Map<String, String> cursor) {
        return JsonCursors.formatStrings(cursor);
    }
}
