package io.monitor.ingest.mastodon;

import io.monitor.core.config.SettingsException;
import io.monitor.ingest.Connector;
import io.monitor.ingest.SourceContext;
import java.util.Locale;

/**
 * The one Mastodon connector type ({@code type: mastodon}): {@code options.mode: stream} (the default when
 * {@code credentialEnv} names a user token) streams ({@link MastodonStreamConnector}, gaps filled over REST);
 * {@code rest} (the default without a token) polls the tag timelines ({@link MastodonConnector}).
 */
public final class MastodonConnectors {
    private MastodonConnectors() {
    }

    public static Connector create(SourceContext ctx) {
        boolean token = ctx.source().credentialEnv() != null && !ctx.source().credentialEnv().isBlank();
        String mode = ctx.option("mode", token ? "stream" : "rest").trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "rest" -> new MastodonConnector(ctx);
            case "stream" -> new MastodonStreamConnector(ctx);
            default -> throw new SettingsException(ctx.key() + ".options.mode",
                    "must be 'stream' (streaming API, needs credentialEnv) or 'rest' (poll tag timelines), was '"
                            + mode + "'");
        };
    }
}
