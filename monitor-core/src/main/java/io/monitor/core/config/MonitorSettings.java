package io.monitor.core.config;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The whole configuration of the product, as loaded by {@link SettingsLoader} from one YAML file,
 * then environment overrides, then defaults. Immutable and validated on construction: an invalid
 * value throws {@link SettingsException} naming its key.
 */
public record MonitorSettings(KafkaSettings kafka, List<BrandSettings> brands, IngestSettings ingest,
                              DetectionSettings detection, SentimentSettings sentiment, ApiSettings api,
                              List<ChannelSettings> notifications) {
    public MonitorSettings {
        kafka = kafka == null ? KafkaSettings.defaults() : kafka;
        brands = brands == null ? List.of() : List.copyOf(brands);
        ingest = ingest == null ? IngestSettings.defaults() : ingest;
        detection = detection == null ? DetectionSettings.defaults() : detection;
        sentiment = sentiment == null ? SentimentSettings.defaults() : sentiment;
        api = api == null ? ApiSettings.defaults() : api;
        notifications = notifications == null ? List.of() : List.copyOf(notifications);

        Set<String> ids = new HashSet<>();
        for (int i = 0; i < brands.size(); i++) {
            BrandSettings b = brands.get(i);
            Check.require(b != null, "brands[" + i + "]", "is empty");
            b.validate("brands[" + i + "]");
            Check.require(ids.add(b.id()), "brands[" + i + "].id", "'" + b.id() + "' is used by another brand");
        }
        Set<String> sourceIds = new HashSet<>();
        for (int i = 0; i < ingest.sources().size(); i++) {
            SourceSettings s = ingest.sources().get(i);
            String key = "ingest.sources[" + i + "]";
            Check.require(s != null, key, "is empty");
            s.validate(key);
            Check.require(sourceIds.add(s.id()), key + ".id", "'" + s.id() + "' is used by another source");
            for (String brand : s.brands()) {
                Check.require(ids.contains(brand), key + ".brands", "unknown brand id '" + brand + "'");
            }
        }
        Set<String> channelIds = new HashSet<>();
        for (int i = 0; i < notifications.size(); i++) {
            ChannelSettings c = notifications.get(i);
            Check.require(c != null, "notifications[" + i + "]", "is empty");
            c.validate("notifications[" + i + "]");
            Check.require(channelIds.add(c.id()), "notifications[" + i + "].id", "'" + c.id() + "' is used twice");
        }
    }

    public static MonitorSettings defaults() {
        return new MonitorSettings(null, null, null, null, null, null, null);
    }

    public Optional<BrandSettings> brand(String id) {
        return brands.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    public MonitorSettings withKafka(KafkaSettings k) {
        return new MonitorSettings(k, brands, ingest, detection, sentiment, api, notifications);
    }

    public MonitorSettings withApi(ApiSettings a) {
        return new MonitorSettings(kafka, brands, ingest, detection, sentiment, a, notifications);
    }

    public MonitorSettings withIngest(IngestSettings i) {
        return new MonitorSettings(kafka, brands, i, detection, sentiment, api, notifications);
    }

    public MonitorSettings withDetection(DetectionSettings d) {
        return new MonitorSettings(kafka, brands, ingest, d, sentiment, api, notifications);
    }
}
