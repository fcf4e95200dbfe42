package io.monitor.core.config;

import java.util.List;

/** monitor-ingest settings: the demo source and the configured connectors. */
public record IngestSettings(DemoSettings demo, List<SourceSettings> sources) {
    public IngestSettings {
        demo = demo == null ? DemoSettings.defaults() : demo;
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    public static IngestSettings defaults() {
        return new IngestSettings(null, null);
    }
}
