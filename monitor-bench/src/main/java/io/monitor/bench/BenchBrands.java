package io.monitor.bench;

import io.monitor.core.config.BrandSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Made-up brands for the benchmark, each a one-word name with its query in the product's query language:
 * {@code "nordwerk" OR @nordwerk OR #nordwerk}. The names are distinct words, so a mention about one brand never
 * matches another.
 */
public final class BenchBrands {
    private static final List<String> PREFIX = List.of("Nord", "Süd", "Ost", "West", "Alpen", "Rhein", "Elb", "Hansa",
            "Blau", "Grün", "Helio", "Velo", "Terra", "Luma", "Quanto", "Strato", "Kobalt", "Falken", "Mira", "Vento");
    private static final List<String> SUFFIX = List.of("werk", "bahn", "strom", "mobil", "bank", "kauf", "net", "post",
            "air", "foods", "tel", "care", "markt", "bräu", "fit", "wave", "line", "soft", "haus", "drive");

    private BenchBrands() {
    }

    /** {@code n} brands (at most 400), ids {@code b000-nordwerk} style. */
    public static List<BrandSettings> generate(int n) {
        if (n < 1 || n > PREFIX.size() * SUFFIX.size()) {
            throw new IllegalArgumentException("between 1 and " + PREFIX.size() * SUFFIX.size() + " brands");
        }
        List<BrandSettings> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // walk the grid diagonally so the first brands do not all share a prefix
            String name = PREFIX.get(i % PREFIX.size()) + SUFFIX.get((i / PREFIX.size() + i) % SUFFIX.size());
            String word = name.toLowerCase(Locale.ROOT).replace("ü", "ue").replace("ä", "ae");
            String id = String.format(Locale.ROOT, "b%03d-%s", i, word);
            out.add(new BrandSettings(id, name, "\"" + word + "\" OR \"" + name.toLowerCase(Locale.ROOT) + "\" OR @" + word
                    + " OR #" + word, List.of("#" + word)));
        }
        return out;
    }
}
