package io.monitor.ingest;

import io.monitor.core.config.SettingsException;
import io.monitor.ingest.bluesky.BlueskyConnector;
import io.monitor.ingest.file.FileReplayConnector;
import io.monitor.ingest.hackernews.HackerNewsConnector;
import io.monitor.ingest.mastodon.MastodonConnectors;
import io.monitor.ingest.meta.MetaWebhookConnector;
import io.monitor.ingest.push.HttpPushConnector;
import io.monitor.ingest.reddit.RedditConnector;
import io.monitor.ingest.rss.FeedConnector;
import io.monitor.ingest.x.XConnectors;
import io.monitor.ingest.youtube.YouTubeConnector;
import java.util.List;
import java.util.Locale;

/** Builds a connector from its {@code type}; an unknown type is a {@link SettingsException} naming the key. */
public final class Connectors {
    /** Types this build can run ({@code atom} is an alias of {@code rss}). */
    public static final List<String> AVAILABLE = List.of("bluesky", "file", "hackernews", "mastodon", "meta", "push",
            "reddit", "rss", "x", "youtube");

    private Connectors() {
    }

    public static Connector create(SourceContext ctx) {
        String type = ctx.source().type().trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "bluesky" -> new BlueskyConnector(ctx);
            case "file" -> new FileReplayConnector(ctx);
            case "hackernews" -> new HackerNewsConnector(ctx);
            case "mastodon" -> MastodonConnectors.create(ctx);
            case "meta" -> new MetaWebhookConnector(ctx);
            case "push" -> new HttpPushConnector(ctx);
            case "reddit" -> new RedditConnector(ctx);
            case "rss", "atom" -> new FeedConnector(ctx);
            case "x" -> XConnectors.create(ctx);
            case "youtube" -> new YouTubeConnector(ctx);
            default -> throw new SettingsException(ctx.key() + ".type", "unknown connector type '"
                    + ctx.source().type() + "'; available: " + AVAILABLE);
        };
    }
}
