package io.monitor.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Folding#fold}'s one-pass ASCII path gives exactly {@link Folding#foldReference}'s result. */
class FoldingFastPathTest {
    @Test
    void everyShortWordOverAnAlphabetOfTheInterestingLettersFoldsAsTheReference() {
        char[] alphabet = {'a', 'e', 'o', 'u', 'A', 'E', 'O', 'U', 'x', 'Z', '1', '_', 'ä', 'ß', 'é', '\uD83D'};
        // all words of up to four letters: every digraph position, case mix and a leading e
        for (int len = 0; len <= 4; len++) {
            int total = (int) Math.pow(alphabet.length, len);
            for (int w = 0; w < total; w++) {
                StringBuilder b = new StringBuilder();
                int v = w;
                for (int k = 0; k < len; k++) {
                    b.append(alphabet[v % alphabet.length]);
                    v /= alphabet.length;
                }
                String word = b.toString();
                assertThat(Folding.fold(word)).as(word).isEqualTo(Folding.foldReference(word));
            }
        }
    }

    @Test
    void randomAndHostileWordsFoldAsTheReference() {
        Random r = new Random(3);
        String letters = "aeouAEOUbcdxyzBCDXYZ0123456789_-.aeaeoeue";
        for (int i = 0; i < 50_000; i++) {
            int len = r.nextInt(30);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < len; k++) {
                b.append(letters.charAt(r.nextInt(letters.length())));
            }
            String word = b.toString();
            assertThat(Folding.fold(word)).as(word).isEqualTo(Folding.foldReference(word));
        }
        for (String word : List.of("", "e", "E", "eae", "Eae", "Aee", "aEe", "uee", "oe", "OE", "queue", "Queue", "EUE",
                "Müller", "Muenchen", "Straße", "naïve", "😀", "\uD800", "e\u0301", "İstanbul", "KELVIN\u212A", "x".repeat(10_000))) {
            assertThat(Folding.fold(word)).as(word).isEqualTo(Folding.foldReference(word));
        }
    }
}
