package io.monitor.ingest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DemoSettings;
import io.monitor.core.model.Mention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoGeneratorTest {
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final List<BrandSettings> BRANDS = List.of(
            new BrandSettings("nordbahn", "Nordbahn", "(nordbahn OR @nordbahn OR #nordbahn) AND NOT \"nordbahnhof\"",
                    List.of("nordbahn")),
            new BrandSettings("fjordphone", "Fjord Phone", "\"fjord phone\" OR @fjordphone OR #fjordphone",
                    List.of("fjordphone")),
            new BrandSettings("kaffeekult", "Kaffeekult", "kaffeekult OR @kaffeekult", List.of()));
    static final DemoSettings SETTINGS = new DemoSettings(true, 5.0, Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofSeconds(90), 8.0, 42L);
    // a small stand-in for a lexicon scorer: the crisis texts must hit strong negative words
    static final Pattern NEGATIVE = Pattern.compile("(?i)katastroph|chaos|schlecht|ärger|wütend|schrecklich|gefährlich"
            + "|schämt|nie wieder|unfassbar|terrible|awful|worst|disaster|angry|horrible|broken|shame|scandal");

    final DemoGenerator gen = new DemoGenerator(BRANDS, SETTINGS, T0);

    @Test
    void backgroundRateIsAsConfiguredAndTheFirstCrisisStartsOnTime() {
        List<Mention> first30s = gen.between(T0, T0.plusSeconds(30));
        assertThat(first30s).hasSize(150).allMatch(m -> m.id().contains("-b"));
        List<Mention> crisis = gen.between(T0.plusSeconds(30), T0.plusSeconds(120)).stream()
                .filter(m -> m.id().contains("-c0-")).toList();
        assertThat(crisis).hasSize(720); // 8/s for 90 s
        assertThat(gen.between(T0.plusSeconds(120), T0.plusSeconds(330))).noneMatch(m -> m.id().contains("-c"));
        assertThat(gen.between(T0.plusSeconds(330), T0.plusSeconds(331))).anyMatch(m -> m.id().contains("-c1-"));
    }

    @Test
    void sameSeedAndStartGiveTheSameMentionsHoweverTheRangeIsSplit() {
        List<Mention> once = gen.between(T0, T0.plusSeconds(200));
        List<Mention> pieces = new ArrayList<>();
        DemoGenerator again = new DemoGenerator(BRANDS, SETTINGS, T0);
        for (Instant t = T0; t.isBefore(T0.plusSeconds(200)); t = t.plusMillis(230)) {
            Instant end = t.plusMillis(230).isAfter(T0.plusSeconds(200)) ? T0.plusSeconds(200) : t.plusMillis(230);
            pieces.addAll(again.between(t, end));
        }
        assertThat(pieces).isEqualTo(once);
        assertThat(once).extracting(Mention::id).doesNotHaveDuplicates();
        DemoGenerator otherSeed = new DemoGenerator(BRANDS, new DemoSettings(true, 5.0, Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofSeconds(90), 8.0, 7L), T0);
        assertThat(otherSeed.between(T0, T0.plusSeconds(10))).extracting(Mention::text)
                .isNotEqualTo(once.subList(0, 50).stream().map(Mention::text).toList());
    }

    @Test
    void backgroundIsGermanAndEnglish_aboutTheBrands_withMixedSentimentRepliesRepostsAndHashtags() {
        List<Mention> bg = gen.between(T0, T0.plusSeconds(30 * 60)).stream().filter(m -> m.id().contains("-b"))
                .toList();
        assertThat(bg).allSatisfy(m -> assertThat(m.text()).containsAnyOf("Nordbahn", "@nordbahn", "#nordbahn",
                "Fjord Phone", "@fjordphone", "#fjordphone", "Kaffeekult", "@kaffeekult", "#kaffeekult"));
        long german = bg.stream().filter(m -> m.text().matches("(?s).*\\b(ist|mit|der|die|Heute|heute|bei|Hat)\\b.*"))
                .count();
        assertThat((double) german / bg.size()).isBetween(0.4, 0.8);
        assertThat(bg.stream().filter(m -> m.replyTo() != null).count()).isGreaterThan(bg.size() / 20);
        List<Mention> reposts = bg.stream().filter(m -> m.repostOf() != null).toList();
        assertThat(reposts.size()).isGreaterThan(bg.size() / 20);
        Map<String, Mention> byId = bg.stream().collect(Collectors.toMap(Mention::id, Function.identity()));
        assertThat(reposts).allSatisfy(r -> {
            if (byId.containsKey(r.repostOf())) {
                assertThat(r.text()).isEqualTo(byId.get(r.repostOf()).text());
            }
        });
        assertThat(bg).anyMatch(m -> m.text().contains("#"));
        long negative = bg.stream().filter(m -> NEGATIVE.matcher(m.text()).find()).count();
        assertThat((double) negative / bg.size()).isLessThan(0.25);
    }

    @Test
    void authorsAreAStablePoolWithHeavyTailedFollowerCounts() {
        List<Mention> bg = gen.between(T0, T0.plusSeconds(3600));
        Map<String, Long> followers = new java.util.HashMap<>();
        bg.forEach(m -> followers.merge(m.author().id(), m.author().followers(), (a, b) -> {
            assertThat(a).isEqualTo(b);
            return a;
        }));
        assertThat(followers.size()).isBetween(300, DemoGenerator.AUTHORS + 2);
        List<Long> sorted = followers.values().stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        long max = sorted.get(sorted.size() - 1);
        assertThat(median).isBetween(40L, 200L);
        assertThat(max).isGreaterThan(median * 100);
    }

    @Test
    void aCrisisIsABurstOfClearlyNegativePostsAboutOneBrandAroundANewTerm() {
        DemoGenerator.Episode e = gen.episode(0);
        List<Mention> crisis = gen.between(e.start(), e.end()).stream().filter(m -> m.id().contains("-c0-")).toList();

        assertThat(e.term()).startsWith("#").matches("#(nordbahn|fjordphone|kaffeekult)(chaos|akku|leak)");
        assertThat(crisis).allSatisfy(m -> {
            assertThat(m.text()).contains(e.term());
            assertThat(NEGATIVE.matcher(m.text()).find()).as(m.text()).isTrue();
        });
        Set<String> texts = new HashSet<>();
        long duplicates = crisis.stream().filter(m -> !texts.add(m.text())).count();
        assertThat(duplicates).isGreaterThan(crisis.size() / 10); // copy-paste
        assertThat(crisis).anyMatch(m -> m.author().followers() >= 850_000);
        // the term is new: it does not appear before the episode
        assertThat(gen.between(T0, e.start())).noneMatch(m -> m.text().contains(e.term()));
        // the episodes rotate between brands and terms
        Set<String> terms = new HashSet<>();
        for (int k = 0; k < 12; k++) {
            terms.add(gen.episode(k).term());
        }
        assertThat(terms.size()).isGreaterThan(3);
    }

    @Test
    void brandHandleAndHashtagComeFromTheQueryWhenNotListed() {
        DemoBrand k = DemoBrand.of(BRANDS.get(2));
        assertThat(k.handle()).isEqualTo("@kaffeekult");
        assertThat(k.tag()).isEqualTo("kaffeekult");
        DemoBrand n = DemoBrand.of(new BrandSettings("acme-corp", "ACME", "acme", List.of()));
        assertThat(n.handle()).isEqualTo("@acmecorp");
        assertThat(n.tag()).isEqualTo("acmecorp");
    }
}
