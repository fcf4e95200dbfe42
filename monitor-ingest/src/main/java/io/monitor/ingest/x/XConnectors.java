package io.monitor.ingest.x;

import io.monitor.core.config.SettingsException;
import io.monitor.ingest.Connector;
import io.monitor.ingest.SourceContext;
import java.util.Locale;

/**
 * The one X connector type ({@code type: x}): {@code options.mode: stream} reads the filtered stream
 * ({@link XFilteredStreamConnector}, gaps filled with recent search), anything else ({@code search}, the default)
 * polls recent search ({@link XRecentSearchConnector}).
 */
public final class XConnectors {
    private XConnectors() {
    }

    public static Connector create(SourceContext ctx) {
        String mode = ctx.option("mode", "search").trim().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "search" -> new XRecentSearchConnector(ctx);
            case "stream" -> new XFilteredStreamConnector(ctx);
            default -> throw new SettingsException(ctx.key() + ".options.mode",
                    "must be 'search' (poll recent search) or 'stream' (filtered stream), was '" + mode + "'");
        };
    }
}
