package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The faster {@link Terms} and {@link MinHash} give exactly what the plain versions they replace gave (kept here as
 * the reference, verbatim): the same words, terms, signatures and similarities on seeded random texts full of links,
 * handles, mixed case, umlauts, digits, hashtags and odd characters.
 */
class FastPathsEquivalenceTest {
    private static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}_])@[\\p{L}\\p{N}_.]+");
    private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}#_]+");
    private static final Set<String> STOP = Set.of(
            "the", "and", "for", "with", "this", "that", "have", "from", "your", "just", "what", "when", "they", "will",
            "about", "again", "there", "their", "would", "could", "been", "were", "more", "than", "them", "then", "into",
            "only", "also", "very", "still", "here", "https", "http", "über", "aber", "auch", "dass", "denn", "diese",
            "dieser", "doch", "eine", "einen", "einer", "heute", "hier", "immer", "jetzt", "kann", "mehr", "nicht",
            "noch", "oder", "schon", "sein", "sich", "sind", "und", "warum", "wieder", "wird", "wenn", "mein", "meine",
            "haben", "habe", "gibt", "weil", "nach", "einem", "ihre", "euch", "euer", "mich", "mir", "mit", "today",
            "some", "because", "after", "before", "where", "which", "while", "dont", "don't", "cant", "does", "being");
    private static final String[] PIECES = {"nordbahn", "Nordbahn", "KAPUTT", "straße", "Straße", "müll", "ÜBER",
        "#nordbahnchaos", "#a", "##", "#", "@nordbahn", "@x.y_z", "mail@host.de", "a@b", "@", "http://t.co/x",
        "HTTPS://T.CO/ABC", "Https://x", "hTtP", "www.example.com", "WWW.X.DE", "wwwx", "www", "https", "http:",
        "2026", "١٢٣٤", "x2026", "'", "!!!", "...", "—", "😀", "e\u0301", "ſtraße", "\u212Aelvin", "İstanbul", "ı",
        "\t", "\n", " ", "  ", "don't", "über", "immer", "the", "kaffeekult", "zug_verspätet", "ab-cd", "(url:https://a.b/c)",
        "xhttp://y", "_@handle", "é@handle", "1@2", "𝒜𝒷", "Ⅻ", "½", "\uDC00", "\uD835", "a\u0301b", "ǅ", "ʰ", "中文",
        "٣", "#_#", "__", "x#y"};

    @Test
    void wordsAndTermsAreThoseOfThePlainRegularExpressions() {
        Random r = new Random(5);
        for (int trial = 0; trial < 20_000; trial++) {
            String text = text(r);
            List<String> words = Terms.words(text);
            assertThat(words).as(text).isEqualTo(referenceWords(text));
            List<String> pieces = new ArrayList<>(List.of(SPLIT.split(text)));
            pieces.removeIf(String::isEmpty);
            assertThat(Terms.tokens(text)).as(text).isEqualTo(pieces);
            assertThat(Terms.distinctTerms(words)).as(text).containsExactlyElementsOf(referenceDistinct(words));
        }
    }

    @Test
    void signaturesAndSimilaritiesAreThoseOfTheShingleSets() {
        Random r = new Random(6);
        List<byte[]> sigs = new ArrayList<>();
        for (int trial = 0; trial < 3_000; trial++) {
            List<String> words = Terms.words(text(r));
            if (r.nextInt(10) == 0 && !words.isEmpty()) {
                words.add(words.get(0)); // repeated shingles
                words.addAll(new ArrayList<>(words));
            }
            byte[] sig = MinHash.signature(words);
            assertThat(sig).isEqualTo(referenceSignature(words));
            if (sig != null) {
                sigs.add(sig);
            }
        }
        for (int i = 0; i + 1 < sigs.size(); i++) {
            byte[] a = sigs.get(i);
            byte[] b = i % 7 == 0 ? a.clone() : sigs.get(i + 1);
            if (i % 5 == 0) {
                b = b.clone();
                for (int k = 0; k < MinHash.HASHES; k += 1 + r.nextInt(4)) {
                    b[k] = a[k]; // partly equal, with bytes of every value
                }
            }
            assertThat(MinHash.similarity(MinHash.pack(a), MinHash.pack(b))).isEqualTo(MinHash.similarity(a, b));
        }
        byte[] all = new byte[MinHash.HASHES];
        for (int v = 0; v < 256; v++) {
            java.util.Arrays.fill(all, (byte) v);
            byte[] other = all.clone();
            other[v % MinHash.HASHES] = (byte) (v + 1);
            assertThat(MinHash.similarity(MinHash.pack(all), MinHash.pack(all))).isEqualTo(1.0);
            assertThat(MinHash.similarity(MinHash.pack(all), MinHash.pack(other))).isEqualTo(MinHash.similarity(all, other));
        }
    }

    @Test
    void clustersAreThoseOfThePlainComparisonAlsoAcrossTheJsonRoundTripAndOutsideChanges() throws Exception {
        Random r = new Random(9);
        String[] templates = {"nordbahn hat schon wieder meinen zug gestrichen keine durchsage keine entschädigung",
            "your app is broken again trains cancelled this morning nobody answers the hotline",
            "kaffeekult bohnen heute sauer und teuer nie wieder dort bestellt"};
        DuplicateClusters fast = new DuplicateClusters();
        List<RefCluster> ref = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            String text = r.nextInt(3) == 0 ? text(r) + " " + text(r)
                    : templates[r.nextInt(templates.length)] + " " + PIECES[r.nextInt(PIECES.length)] + " x" + r.nextInt(4);
            List<String> words = Terms.words(text);
            long time = i * 1000L - r.nextInt(5000); // out of order now and then
            String author = r.nextInt(10) == 0 ? null : "a" + r.nextInt(300);
            DuplicateClusters.Cluster got = fast.add(time, author, words, text, null, 0.7);
            String expected = referenceAdd(ref, time, author, words, text);
            assertThat(got == null ? null : got.id).as("post %d", i).isEqualTo(expected);
            if (i % 1000 == 999) { // the state is stored and read back as JSON, and sometimes changed from outside
                fast = io.monitor.core.json.Json.MAPPER.readValue(io.monitor.core.json.Json.MAPPER.writeValueAsBytes(fast),
                        DuplicateClusters.class);
            }
            if (i % 1500 == 1499 && fast.clusters.size() > 2) {
                java.util.Collections.swap(fast.clusters, 0, 1);
                java.util.Collections.swap(ref, 0, 1);
            }
        }
        assertThat(fast.clusters).hasSize(ref.size());
        for (int i = 0; i < ref.size(); i++) {
            assertThat(fast.clusters.get(i).id).isEqualTo(ref.get(i).id);
            assertThat(fast.clusters.get(i).authors).isEqualTo(ref.get(i).authors);
        }
    }

    /** A cluster of the plain implementation (the code before the packed index, verbatim in substance). */
    private static final class RefCluster {
        String id;
        byte[] sig;
        long lastSeen;
        java.util.LinkedHashMap<String, Long> authors = new java.util.LinkedHashMap<>();
    }

    private static String referenceAdd(List<RefCluster> clusters, long time, String author, List<String> words, String text) {
        if (words.size() < DuplicateClusters.MIN_WORDS) {
            return null;
        }
        byte[] sig = referenceSignature(words);
        RefCluster best = null;
        double bestSim = 0.7;
        for (RefCluster c : clusters) {
            double s = MinHash.similarity(sig, c.sig);
            if (s >= bestSim) {
                best = c;
                bestSim = s;
            }
        }
        if (best == null) {
            best = new RefCluster();
            best.sig = sig;
            best.id = java.util.HexFormat.of().formatHex(sig, 0, 6);
            best.lastSeen = time;
            if (clusters.size() >= DuplicateClusters.MAX_CLUSTERS) {
                RefCluster oldest = clusters.get(0);
                for (RefCluster c : clusters) {
                    if (c.lastSeen < oldest.lastSeen) {
                        oldest = c;
                    }
                }
                clusters.remove(oldest);
            }
            clusters.add(best);
        }
        best.lastSeen = Math.max(best.lastSeen, time);
        String key = author == null ? "?" + time : author;
        best.authors.remove(key);
        best.authors.put(key, time);
        if (best.authors.size() > DuplicateClusters.MAX_AUTHORS) {
            String quietest = null;
            long min = Long.MAX_VALUE;
            for (java.util.Map.Entry<String, Long> e : best.authors.entrySet()) {
                if (e.getValue() < min) {
                    min = e.getValue();
                    quietest = e.getKey();
                }
            }
            best.authors.remove(quietest);
        }
        return best.id;
    }

    private static String text(Random r) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(30);
        for (int i = 0; i < n; i++) {
            b.append(PIECES[r.nextInt(PIECES.length)]);
            if (r.nextInt(4) != 0) {
                b.append(r.nextInt(6) == 0 ? "," : " ");
            }
        }
        return b.toString();
    }

    private static List<String> referenceWords(String text) {
        List<String> out = new ArrayList<>();
        String t = HANDLE.matcher(LINK.matcher(text).replaceAll(" ")).replaceAll(" ").toLowerCase(Locale.ROOT);
        for (String w : SPLIT.split(t)) {
            if (!w.isEmpty() && !w.equals("#")) {
                out.add(w);
            }
        }
        return out;
    }

    private static Set<String> referenceDistinct(List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) {
            boolean tag = w.startsWith("#") && w.length() > 2 && w.indexOf('#', 1) < 0;
            if (tag || (w.length() >= 4 && w.indexOf('#') < 0 && !STOP.contains(w) && !w.chars().allMatch(Character::isDigit))) {
                out.add(w);
            }
        }
        return out;
    }

    private static byte[] referenceSignature(List<String> words) {
        Set<Long> sh = MinHash.shingles(words);
        if (sh.isEmpty()) {
            return null;
        }
        long[] min = new long[MinHash.HASHES];
        java.util.Arrays.fill(min, Long.MAX_VALUE);
        for (long x : sh) {
            for (int i = 0; i < MinHash.HASHES; i++) {
                long h = mix(x ^ seed(i)) & Long.MAX_VALUE;
                if (h < min[i]) {
                    min[i] = h;
                }
            }
        }
        byte[] sig = new byte[MinHash.HASHES];
        for (int i = 0; i < MinHash.HASHES; i++) {
            sig[i] = (byte) min[i];
        }
        return sig;
    }

    private static long seed(int i) {
        long s = 0x9E3779B97F4A7C15L;
        for (int k = 0; k <= i; k++) {
            s += 0x9E3779B97F4A7C15L;
        }
        return mix(s);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
