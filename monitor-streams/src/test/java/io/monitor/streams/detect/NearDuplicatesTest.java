package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Terms}, {@link MinHash} and {@link DuplicateClusters} on texts with known overlap. */
class NearDuplicatesTest {
    private static final String COMPLAINT =
            "Die Nordbahn hat mein Abo gekündigt ohne mich zu fragen, alles kaputt, boykottiert die Nordbahn";

    @Test
    void wordsDropLinksHandlesAndPunctuationAndTermsDropFunctionWords() {
        assertThat(Terms.words("@nordbahn_hilfe Die NORDBAHN: kaputt!!! https://t.co/abc #Stellwerk"))
                .containsExactly("die", "nordbahn", "kaputt", "#stellwerk");
        assertThat(Terms.distinctTerms("Nordbahn nicht schon wieder kaputt, kaputt! #Stellwerk #a 2026"))
                .containsExactly("nordbahn", "kaputt", "#stellwerk");
    }

    @Test
    void identicalTextsAreSimilarOneAndUnrelatedTextsNearZero() {
        byte[] a = MinHash.signature(Terms.words(COMPLAINT));
        byte[] b = MinHash.signature(Terms.words("@someone " + COMPLAINT + " https://t.co/x1"));
        assertThat(MinHash.similarity(a, b)).isEqualTo(1.0);
        byte[] c = MinHash.signature(Terms.words("Kaffeekult hat heute neue Bohnen aus Kolumbien im Angebot, lecker"));
        assertThat(MinHash.similarity(a, c)).isLessThan(0.15);
    }

    @Test
    void theEstimateFollowsTheExactJaccardSimilarity() {
        Random r = new Random(3);
        String[] vocabulary = "zug bahn weiche stellwerk ausfall kiel hamburg heute morgen abend pendler ticket abo support".split(" ");
        for (int trial = 0; trial < 40; trial++) {
            List<String> x = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                x.add(vocabulary[r.nextInt(vocabulary.length)] + r.nextInt(4));
            }
            List<String> y = new ArrayList<>(x);
            int changes = r.nextInt(12);
            for (int i = 0; i < changes; i++) {
                y.set(r.nextInt(y.size()), "other" + r.nextInt(1000));
            }
            double exact = MinHash.jaccard(x, y);
            double estimate = MinHash.similarity(MinHash.signature(x), MinHash.signature(y));
            assertThat(Math.abs(estimate - exact)).as("exact %.2f, estimate %.2f", exact, estimate).isLessThan(0.2);
        }
    }

    @Test
    void tenCopiesByTenAuthorsFormOneClusterWithTenAuthors() {
        DuplicateClusters clusters = new DuplicateClusters();
        DuplicateClusters.Cluster first = null;
        for (int i = 0; i < 10; i++) {
            String text = (i % 3 == 0 ? "@nordbahn " : "") + COMPLAINT + (i % 2 == 0 ? " https://t.co/" + i : "");
            DuplicateClusters.Cluster c = clusters.add(1000L * i, "demo:author" + i, Terms.words(text), text, "u" + i, 0.7);
            first = first == null ? c : first;
            assertThat(c).isSameAs(first);
        }
        assertThat(clusters.clusters).hasSize(1);
        assertThat(first.authorsSince(0)).isEqualTo(10);
        assertThat(first.authorsSince(5000)).isEqualTo(5);
        assertThat(first.url).isEqualTo("u0");
    }

    @Test
    void oneAuthorRepeatingCountsOnceAndShortOrDifferentTextsDoNotJoin() {
        DuplicateClusters clusters = new DuplicateClusters();
        for (int i = 0; i < 10; i++) {
            clusters.add(i, "demo:spammer", Terms.words(COMPLAINT), COMPLAINT, null, 0.7);
        }
        assertThat(clusters.clusters).singleElement().satisfies(c -> assertThat(c.authorsSince(0)).isEqualTo(1));
        assertThat(clusters.add(20, "demo:a", Terms.words("Nordbahn kaputt"), "Nordbahn kaputt", null, 0.7)).isNull();
        clusters.add(21, "demo:b", Terms.words("Die Nordbahn ist heute wieder zu spät in Kiel angekommen"), "x", null, 0.7);
        assertThat(clusters.clusters).hasSize(2);
    }

    @Test
    void clustersAreBoundedByForgettingTheLeastRecentlyJoined() {
        DuplicateClusters clusters = new DuplicateClusters();
        for (int i = 0; i < DuplicateClusters.MAX_CLUSTERS + 10; i++) {
            String text = "a" + i + " b" + i + " c" + i + " d" + i + " e" + i + " f" + i;
            clusters.add(i, "demo:a", Terms.words(text), text, null, 0.7);
        }
        assertThat(clusters.clusters).hasSize(DuplicateClusters.MAX_CLUSTERS);
        assertThat(clusters.clusters.get(0).sample).isEqualTo("a10 b10 c10 d10 e10 f10");
    }
}
