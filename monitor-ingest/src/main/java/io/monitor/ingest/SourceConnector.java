package io.monitor.ingest;

import java.time.Duration;

/**
 * Base of the connectors that read one configured source: the id is the source's id, the platform is fixed per
 * connector class, and the poll interval is the source's {@code pollInterval} unless a connector overrides
 * {@link #pollInterval()} (push receivers and streams hand out what they buffered at their own pace).
 */
public abstract class SourceConnector implements Connector {
    protected final SourceContext ctx;
    private final String platform;

    protected SourceConnector(SourceContext ctx, String platform) {
        this.ctx = ctx;
        this.platform = platform;
    }

    @Override
    public final String id() {
        return ctx.source().id();
    }

    @Override
    public final String platform() {
        return platform;
    }

    @Override
    public Duration pollInterval() {
        return ctx.source().pollInterval();
    }
}
