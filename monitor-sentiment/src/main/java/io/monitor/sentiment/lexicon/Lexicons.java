package io.monitor.sentiment.lexicon;

import io.monitor.sentiment.text.SocialTokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The bundled lexicons, loaded once from the classpath.
 *
 * <ul>
 *   <li>English: VADER (MIT, C.J. Hutto), then AFINN-en-165 (Apache-2.0, F. Å. Nielsen) for words VADER
 *       lacks (scaled ×0.8 to VADER's range), then {@code additions_en.tsv} (this project).</li>
 *   <li>German: the Zurich polarity lexicon (Apache-2.0, Clematide and Klenner) with generated inflected
 *       forms, then {@code additions_de.tsv} (this project: slang, loanwords, domain words, rule words).</li>
 *   <li>Emoji and emoticons, shared by both: valences derived from the VADER emoji lexicon's descriptions
 *       and the VADER/AFINN emoticon entries, overridden by {@code additions_emoji.tsv}.</li>
 * </ul>
 */
public final class Lexicons {

    private static final String BASE = "/io/monitor/sentiment/lexicon/";

    private final LanguageLexicon english;
    private final LanguageLexicon german;
    private final Map<String, Float> symbols;

    private Lexicons(LanguageLexicon english, LanguageLexicon german, Map<String, Float> symbols) {
        this.english = english;
        this.german = german;
        this.symbols = symbols;
    }

    private static final class Holder {
        static final Lexicons BUNDLED = load();
    }

    /** The bundled lexicons (loaded on first use, then shared). */
    public static Lexicons bundled() {
        return Holder.BUNDLED;
    }

    public LanguageLexicon english() {
        return english;
    }

    public LanguageLexicon german() {
        return german;
    }

    /** Lexicon for an ISO 639-1 code; null for languages without one. */
    public LanguageLexicon forLanguage(String language) {
        if ("de".equals(language)) {
            return german;
        }
        if ("en".equals(language)) {
            return english;
        }
        return null;
    }

    /** Valence of an emoji code point or an ASCII emoticon, 0 when unknown. */
    public float symbolValence(String symbol) {
        Float v = symbols.get(symbol);
        return v == null ? 0f : v;
    }

    private static Lexicons load() {
        // English
        Map<String, Float> en = new HashMap<>(16_384);
        Map<String, Float> vaderSymbols = new HashMap<>();
        readLines("vader_lexicon.txt", line -> {
            String[] f = line.split("\t");
            if (f.length >= 2) {
                float v = Float.parseFloat(f[1]);
                String key = f[0];
                if (!key.isEmpty() && Character.isLetter(key.charAt(0)) && key.chars().allMatch(c -> Character.isLetter(c) || c == '\'' || c == '-')) {
                    en.putIfAbsent(SocialTokenizer.fold(key), v);
                } else {
                    vaderSymbols.putIfAbsent(key, v);
                    en.putIfAbsent(SocialTokenizer.fold(key), v); // letter-led emoticons such as "xd" are words to the tokenizer
                }
            }
        });
        readLines("AFINN-en-165.txt", line -> {
            String[] f = line.split("\t");
            if (f.length >= 2 && !f[0].contains(" ")) {
                en.putIfAbsent(SocialTokenizer.fold(f[0]), Integer.parseInt(f[1].strip()) * 0.8f);
            }
        });
        LanguageLexicon english = build("en", en, "additions_en.tsv", false);

        // German
        Map<String, Float> de = new HashMap<>(65_536);
        Map<String, String> posOf = new HashMap<>();
        readLines("germanlex.csv", line -> {
            String[] f = line.split(",");
            if (f.length < 4 || f[0].startsWith("%%") || f[0].equals("word")) {
                return;
            }
            String q = f[1];
            if (!q.equals("POS") && !q.equals("NEG")) {
                return; // shifters and intensifiers come from additions_de.tsv, curated for social media
            }
            float strength;
            try {
                strength = Float.parseFloat(f[2]);
            } catch (NumberFormatException e) {
                return;
            }
            float magnitude = strength >= 2 ? 3.0f : strength >= 1 ? 2.0f : strength >= 0.7f ? 1.5f : strength >= 0.5f ? 1.0f : 0.8f;
            String key = SocialTokenizer.fold(f[0]);
            de.putIfAbsent(key, q.equals("POS") ? magnitude : -magnitude);
            posOf.putIfAbsent(key, f[3]);
        });
        Map<String, Float> inflected = new HashMap<>(65_536);
        for (Map.Entry<String, Float> e : de.entrySet()) {
            addGermanForms(e.getKey(), e.getValue(), posOf.getOrDefault(e.getKey(), "adj"), inflected);
        }
        inflected.forEach(de::putIfAbsent);
        LanguageLexicon german = build("de", de, "additions_de.tsv", true);

        // emoji and emoticons
        Map<String, Float> symbols = new HashMap<>();
        readLines("emoji_utf8_lexicon.txt", line -> {
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                return;
            }
            String emoji = line.substring(0, tab);
            String first = new String(Character.toChars(emoji.codePointAt(0)));
            if (symbols.containsKey(first)) {
                return;
            }
            float sum = 0;
            for (String w : line.substring(tab + 1).split("[^\\p{L}']+")) {
                if (!w.isEmpty()) {
                    sum += en.getOrDefault(SocialTokenizer.fold(w), 0f);
                }
            }
            if (sum != 0) {
                symbols.put(first, Math.max(-3.5f, Math.min(3.5f, sum)));
            }
        });
        symbols.putAll(vaderSymbols);
        readLines("AFINN-emoticon-8.txt", line -> {
            String[] f = line.split("\t");
            if (f.length >= 2) {
                symbols.putIfAbsent(f[0], Integer.parseInt(f[1].strip()) * 0.8f);
            }
        });
        readLines("additions_emoji.tsv", line -> {
            String[] f = line.split("\t");
            if (f.length >= 3 && f[0].equals("emoji")) {
                symbols.put(new String(Character.toChars(f[1].codePointAt(0))), Float.parseFloat(f[2]));
            }
        });
        return new Lexicons(english, german, Map.copyOf(symbols));
    }

    /**
     * Inflected forms of a German lemma: adjective endings and comparison, noun plurals, verb conjugation.
     * Only added where the lemma lexicon has no entry of its own.
     */
    static void addGermanForms(String lemma, float v, String pos, Map<String, Float> out) {
        if (lemma.length() < 3) {
            return;
        }
        if (pos.startsWith("verb")) {
            String stem = lemma.endsWith("en") ? lemma.substring(0, lemma.length() - 2)
                    : lemma.endsWith("n") ? lemma.substring(0, lemma.length() - 1) : lemma;
            if (stem.length() < 2) {
                return;
            }
            for (String suffix : new String[] {"e", "st", "t", "et", "te", "ten", "test", "tet", "end", "ende", "enden"}) {
                out.putIfAbsent(stem + suffix, v);
            }
            out.putIfAbsent("ge" + stem + "t", v);
            out.putIfAbsent("ge" + stem + "te", v);
            out.putIfAbsent("ge" + stem + "ten", v);
        } else if (pos.startsWith("nomen")) {
            for (String suffix : new String[] {"e", "en", "n", "s", "es", "er", "ern"}) {
                out.putIfAbsent(lemma + suffix, v);
            }
        } else {
            String base = lemma.endsWith("e") ? lemma.substring(0, lemma.length() - 1) : lemma;
            for (String suffix : new String[] {"e", "en", "em", "er", "es"}) {
                out.putIfAbsent(base + suffix, v);
            }
            float stronger = v + Math.signum(v) * 0.3f;
            for (String suffix : new String[] {"ere", "eren", "erem", "erer", "eres", "ste", "sten", "ster", "stes", "este", "esten"}) {
                out.putIfAbsent(base + suffix, stronger);
            }
        }
    }

    private static LanguageLexicon build(String language, Map<String, Float> words, String additions, boolean compounds) {
        Map<String, List<LanguageLexicon.Phrase>> phrases = new HashMap<>();
        Map<String, Float> boosters = new HashMap<>();
        Set<String> negators = new HashSet<>();
        Set<String> contrast = new HashSet<>();
        Set<String> irony = new HashSet<>();
        Set<String> postNegated = new HashSet<>();
        Map<String, Float> prefixes = new HashMap<>();
        Map<String, Float> amplifiers = new HashMap<>();
        Map<String, Float> own = new HashMap<>();
        readLines(additions, line -> {
            String[] f = line.split("\t");
            if (f.length < 3) {
                throw new IllegalStateException(additions + ": expected 'kind<TAB>entry<TAB>value' but got: " + line);
            }
            String entry = SocialTokenizer.fold(f[1].strip());
            float value = Float.parseFloat(f[2].strip());
            switch (f[0]) {
                case "word" -> own.put(entry, value);
                case "phrase" -> {
                    String[] parts = entry.split(" ");
                    phrases.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(new LanguageLexicon.Phrase(parts, value));
                }
                case "booster" -> boosters.put(entry, value);
                case "negator" -> negators.add(entry);
                case "contrast" -> contrast.add(entry);
                case "irony" -> irony.add(entry);
                case "postneg" -> postNegated.add(entry);
                case "prefix" -> prefixes.put(entry, value);
                case "amplifier" -> amplifiers.put(entry, value);
                default -> throw new IllegalStateException(additions + ": unknown kind '" + f[0] + "' in: " + line);
            }
        });
        words.putAll(own);
        if (compounds) {
            Map<String, Float> inflected = new HashMap<>();
            own.forEach((w, v) -> addGermanForms(w, v, "adj", inflected));
            inflected.forEach(words::putIfAbsent);
        }
        // longest phrases first, so "danke fuer nix" wins over "danke"
        phrases.values().forEach(list -> list.sort((a, b) -> b.words().length - a.words().length));
        // rule words carry no valence of their own
        for (String n : negators) {
            words.put(n, 0f);
        }
        return new LanguageLexicon(language, words, phrases, boosters, negators, contrast, irony, postNegated,
                prefixes, amplifiers, compounds);
    }

    private static void readLines(String name, Consumer<String> consumer) {
        try (InputStream in = Lexicons.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("missing lexicon resource " + BASE + name);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    consumer.accept(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lexicon resource " + BASE + name, e);
        }
    }
}
