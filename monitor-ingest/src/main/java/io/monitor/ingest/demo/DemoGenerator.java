package io.monitor.ingest.demo;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.DemoSettings;
import io.monitor.core.model.Mention;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates realistic demo mentions, as a pure function of (brands, settings, start instant, time range).
 *
 * <p>Background: {@code ratePerSecond} mentions per second, evenly spaced from {@code start}, about the configured
 * brands, 60 % German and 40 % English, mixed sentiment (about 35 % positive, 45 % neutral, 20 % negative), with
 * hashtags, @handles, replies (15 %) and reposts (10 %), by a stable pool of 400 authors whose follower counts follow
 * a Pareto distribution (most have a few hundred, a handful hundreds of thousands).
 *
 * <p>Crises: episode {@code k} starts at {@code start + firstCrisisAfter + k * crisisEvery} and lasts
 * {@code crisisLength}; it adds {@code crisisRate} clearly negative mentions per second about one brand, all around a
 * new term (e.g. {@code #nordbahnchaos}), 20 % of them copy-paste duplicates of earlier ones, and one post of a
 * high-reach news account early in the episode.
 *
 * <p>Every mention is derived from {@code seed} and its index only, so any split of a time range into calls
 * yields the same mentions, and the same seed and start yield the same demo. Ids contain the start instant, so a
 * restarted demo does not collide with the mentions of an earlier run.
 */
public final class DemoGenerator {
    public static final String PLATFORM = "demo";
    static final int AUTHORS = 400;

    private final List<DemoBrand> brands;
    private final DemoSettings settings;
    private final Instant start;
    private final long seed;
    private final String run;
    private final List<Mention.Author> authors;
    private final List<String> authorLanguage;

    public DemoGenerator(List<BrandSettings> brands, DemoSettings settings, Instant start) {
        if (brands.isEmpty()) {
            throw new IllegalArgumentException("the demo needs at least one configured brand");
        }
        this.brands = brands.stream().map(DemoBrand::of).toList();
        this.settings = settings;
        this.start = start;
        this.seed = settings.seed();
        this.run = Long.toString(start.toEpochMilli(), 36);
        this.authors = new ArrayList<>(AUTHORS);
        this.authorLanguage = new ArrayList<>(AUTHORS);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < AUTHORS; i++) {
            String first = FIRST.get(r.nextInt(FIRST.size()));
            String last = LAST.get(r.nextInt(LAST.size()));
            String handle = (first + "_" + last).toLowerCase(Locale.ROOT).replace("ü", "ue").replace("ö", "oe")
                    .replace("ä", "ae") + (r.nextInt(3) == 0 ? String.valueOf(r.nextInt(100)) : "");
            // Pareto(x_m = 40, alpha = 1.1): median about 75 followers, a few authors with 100k+.
            long followers = Math.min(5_000_000L, (long) (40 / Math.pow(1 - r.nextDouble(), 1 / 1.1)));
            authors.add(new Mention.Author("demo-user-" + i, handle, first + " " + last, followers));
            authorLanguage.add(r.nextDouble() < 0.6 ? "de" : "en");
        }
    }

    /** All mentions created in {@code [from, to)}, oldest first. */
    public List<Mention> between(Instant from, Instant to) {
        List<Mention> out = new ArrayList<>();
        if (!to.isAfter(from)) {
            return out;
        }
        double rate = settings.ratePerSecond();
        if (rate > 0) {
            for (long i = firstIndex(start, from, rate); ; i++) {
                Instant t = at(start, i, rate);
                if (!t.isBefore(to)) {
                    break;
                }
                if (!t.isBefore(from)) {
                    out.add(background(i, t));
                }
            }
        }
        if (settings.crisisRate() > 0) {
            Duration first = settings.firstCrisisAfter();
            long every = settings.crisisEvery().toNanos();
            long sinceFirst = Duration.between(start.plus(first), from).toNanos();
            // the first episode that may still be running at `from`
            long k = Math.max(0, Math.floorDiv(sinceFirst - settings.crisisLength().toNanos(), every));
            while (true) {
                Instant episodeStart = start.plus(first).plusNanos(k * every);
                if (!episodeStart.isBefore(to)) {
                    break;
                }
                Instant episodeEnd = episodeStart.plus(settings.crisisLength());
                for (long j = firstIndex(episodeStart, from, settings.crisisRate()); ; j++) {
                    Instant t = at(episodeStart, j, settings.crisisRate());
                    if (!t.isBefore(to) || !t.isBefore(episodeEnd)) {
                        break;
                    }
                    if (!t.isBefore(from)) {
                        out.add(crisis(k, j, t));
                    }
                }
                k++;
            }
        }
        out.sort(Comparator.comparing(Mention::createdAt).thenComparing(Mention::id));
        return out;
    }

    /** Which brand episode {@code k} is about, and its term: exposed for tests and the dashboard's story. */
    public Episode episode(long k) {
        SplittableRandom r = new SplittableRandom(mix(seed, 2, k, 0));
        DemoBrand b = brands.get((int) ((k + r.nextInt(brands.size())) % brands.size()));
        DemoTexts.Theme theme = DemoTexts.THEMES.get(r.nextInt(DemoTexts.THEMES.size()));
        String term = theme.termTemplate().replace("{tagword}", b.tag());
        Instant s = start.plus(settings.firstCrisisAfter()).plus(settings.crisisEvery().multipliedBy(k));
        return new Episode(k, b.id(), term, s, s.plus(settings.crisisLength()));
    }

    /** One crisis episode. */
    public record Episode(long index, String brandId, String term, Instant start, Instant end) {
    }

    private Mention background(long i, Instant t) {
        SplittableRandom r = new SplittableRandom(mix(seed, 1, i, 0));
        DemoBrand brand = brands.get(r.nextInt(brands.size()));
        int a = r.nextInt(AUTHORS);
        String lang = authorLanguage.get(a);
        String id = run + "-b" + i;
        double kind = r.nextDouble();
        if (kind < 0.10 && i > 0) { // a repost of an earlier post, same text
            long orig = Math.max(0, i - 1 - r.nextInt((int) Math.min(i, 200)));
            Mention o = background(orig, at(start, orig, settings.ratePerSecond()));
            if (o.repostOf() == null) {
                return mention(id, authors.get(a), o.text(), o.language(), t, null, o.id(), engagement(r, 0.2));
            }
        }
        double s = r.nextDouble();
        List<String> templates = s < 0.35 ? (lang.equals("de") ? DemoTexts.DE_POSITIVE : DemoTexts.EN_POSITIVE)
                : s < 0.80 ? (lang.equals("de") ? DemoTexts.DE_NEUTRAL : DemoTexts.EN_NEUTRAL)
                : (lang.equals("de") ? DemoTexts.DE_NEGATIVE : DemoTexts.EN_NEGATIVE);
        String text = brand.fill(templates.get(r.nextInt(templates.size())), null);
        String replyTo = null;
        if (kind > 0.85 && i > 0) { // a reply addresses the author of an earlier post
            long parent = Math.max(0, i - 1 - r.nextInt((int) Math.min(i, 50)));
            replyTo = run + "-b" + parent;
            text = "@" + authors.get(authorOf(parent)).handle() + " " + text;
        }
        return mention(id, authors.get(a), text, lang, t, replyTo, null, engagement(r, 1));
    }

    /** The author index of background mention {@code i} (the same draws as {@link #background}). */
    private int authorOf(long i) {
        SplittableRandom r = new SplittableRandom(mix(seed, 1, i, 0));
        r.nextInt(brands.size());
        return r.nextInt(AUTHORS);
    }

    private Mention crisis(long k, long j, Instant t) {
        Episode e = episode(k);
        DemoBrand brand = brands.stream().filter(b -> b.id().equals(e.brandId())).findFirst().orElseThrow();
        DemoTexts.Theme theme = DemoTexts.THEMES.stream()
                .filter(th -> th.termTemplate().replace("{tagword}", brand.tag()).equals(e.term())).findFirst()
                .orElseThrow();
        SplittableRandom r = new SplittableRandom(mix(seed, 3, k, j));
        String id = run + "-c" + k + "-" + j;
        if (j == 3) { // the high-reach account that carries the story to a big audience
            boolean de = r.nextBoolean();
            Mention.Author news = new Mention.Author("demo-news-" + (de ? "de" : "en"), de ? "eilmeldung_news"
                    : "breaking_wire", de ? "Eilmeldung News" : "Breaking Wire", de ? 912_000 : 1_240_000);
            return mention(id, news, brand.fill(de ? theme.headlineDe() : theme.headlineEn(), e.term()),
                    de ? "de" : "en", t, null, null, engagement(r, 20));
        }
        int a = r.nextInt(AUTHORS);
        if (j > 5 && r.nextDouble() < 0.2) { // copy-paste: same text as an earlier post of the episode
            Mention o = crisis(k, 4 + r.nextInt((int) (j - 4)), t);
            return mention(id, authors.get(a), o.text(), o.language(), t, null, null, engagement(r, 0.5));
        }
        String lang = authorLanguage.get(a);
        List<String> templates = lang.equals("de") ? theme.german() : theme.english();
        String text = brand.fill(templates.get(r.nextInt(templates.size())), e.term());
        return mention(id, authors.get(a), text, lang, t, null, null, engagement(r, 2));
    }

    private Mention mention(String id, Mention.Author author, String text, String lang, Instant t, String replyTo,
                            String repostOf, Mention.Engagement engagement) {
        // language stays null: detecting it is the topology's job; the demo's own choice is visible in the text.
        return new Mention(Mention.SCHEMA_VERSION, PLATFORM, id, "https://demo.invalid/" + author.handle() + "/" + id,
                author, text, null, t, t, engagement, replyTo, null, repostOf, List.of(), null);
    }

    private static Mention.Engagement engagement(SplittableRandom r, double scale) {
        long likes = (long) (scale * 3 / Math.pow(1 - r.nextDouble(), 1 / 1.3));
        return new Mention.Engagement(likes, likes / 4, likes / 6, 0);
    }

    private static long firstIndex(Instant origin, Instant from, double rate) {
        double s = Duration.between(origin, from).toNanos() / 1e9;
        return Math.max(0, (long) Math.floor(s * rate) - 1);
    }

    private static Instant at(Instant origin, long i, double rate) {
        return origin.plusNanos((long) (i / rate * 1e9));
    }

    private static long mix(long seed, long stream, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + stream;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + a;
        h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL + b;
        return h ^ (h >>> 32);
    }

    private static final List<String> FIRST = List.of("Anna", "Lukas", "Mia", "Jonas", "Lea", "Felix", "Emma", "Paul",
            "Sophie", "Max", "Laura", "Tim", "Julia", "Jan", "Sarah", "Tom", "Emily", "James", "Olivia", "Noah",
            "Hannah", "Ben", "Clara", "Finn", "Marie", "Elias", "Lina", "David", "Grace", "Jack");
    private static final List<String> LAST = List.of("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer",
            "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Smith",
            "Johnson", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Wright", "Green", "Hall");
}
