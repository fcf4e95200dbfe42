package io.monitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DemoSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.model.Mention;
import io.monitor.ingest.demo.DemoGenerator;
import io.monitor.streams.query.BrandMatcher;
import io.monitor.streams.query.Document;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BenchBrandsTest {
    @Test
    void fourHundredBrandsHaveDistinctValidIdsAndNames() {
        List<BrandSettings> brands = BenchBrands.generate(400);
        // MonitorSettings validates ids and refuses duplicates
        MonitorSettings d = MonitorSettings.defaults();
        new MonitorSettings(d.kafka(), brands, d.ingest(), d.detection(), d.sentiment(), d.api(), d.notifications());
        assertThat(brands.stream().map(BrandSettings::name).distinct()).hasSize(400);
    }

    @Test
    void everyGeneratedMentionMatchesExactlyTheBrandItIsAbout() {
        List<BrandSettings> brands = BenchBrands.generate(50);
        BrandMatcher matcher = BrandMatcher.compile(brands);
        Instant start = Instant.parse("2026-03-02T08:00:00Z");
        DemoGenerator background = new DemoGenerator(brands, new DemoSettings(true, 200.0, Duration.ZERO,
                Duration.ofDays(1), Duration.ofSeconds(1), 0.0, 42L), start);
        DemoGenerator storm = new DemoGenerator(brands, new DemoSettings(true, 0.0, Duration.ofSeconds(2),
                Duration.ofDays(1), Duration.ofSeconds(5), 100.0, 43L), start);
        List<Mention> mentions = background.between(start, start.plusSeconds(10));
        mentions.addAll(storm.between(start, start.plusSeconds(10)));
        assertThat(mentions).hasSizeGreaterThan(2000);

        Map<Integer, Long> matchesPerMention = mentions.stream()
                .collect(Collectors.groupingBy(m -> matcher.match(Document.of(m, () -> "de")).size(), Collectors.counting()));
        assertThat(matchesPerMention).containsOnlyKeys(1);
        String crisisBrand = storm.episode(0).brandId();
        assertThat(storm.between(start, start.plusSeconds(10)))
                .allSatisfy(m -> assertThat(matcher.match(Document.of(m, () -> "de"))).containsExactly(crisisBrand));
    }
}
