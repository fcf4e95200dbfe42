package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link Terms#words}'s scan gives exactly what removing links and handles and splitting with the patterns gives. */
class TermsTest {
    /** What separated words before the scan ({@code Terms.tokens}) replaced the split. */
    private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}#_]+");

    /** The definition: the regular expressions applied in turn (how words() was written before its scan). */
    private static List<String> reference(String text) {
        List<String> out = new ArrayList<>();
        String t = Terms.HANDLE.matcher(Terms.LINK.matcher(text).replaceAll(" ")).replaceAll(" ").toLowerCase(Locale.ROOT);
        for (String w : SPLIT.split(t)) {
            if (!w.isEmpty() && !w.equals("#")) {
                out.add(w);
            }
        }
        return out;
    }

    private static final String[] PIECES = {"Nordbahn", "KAPUTT", "straße", "Über", "İstanbul", "ǅemal", "x²", "٣٤",
        "Ⅻ", "😡", "👍🏽", "\uD83D", "e\u0301", "#", "##", "#Stellwerk", "#a", "_", "@", "@nordbahn_hilfe", "a@b.de",
        "https://t.co/abc", "HTTP://X.Y/z?q=1", "www.example.org", "WWW.", "http", "ttp://", "wwwx", ".", ",", "!!!",
        " ", "  ", "\n", "\t", "-", "'", "don't", "2026", "١٢", "ⅷ", "ʰ", "〇", "東京", "ﬁ", "K", "ſ", "\u00A0"};

    @Test
    void theScanAgreesWithTheRegularExpressionsOnRandomText() {
        Random r = new Random(42);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0, n = r.nextInt(12); k < n; k++) {
                b.append(PIECES[r.nextInt(PIECES.length)]);
                if (r.nextInt(3) == 0) {
                    b.append(' ');
                }
            }
            String text = b.toString();
            assertThat(Terms.words(text)).as(text).isEqualTo(reference(text));
        }
        for (String text : List.of("", "@nordbahn_hilfe Die NORDBAHN: kaputt!!! https://t.co/abc #Stellwerk",
                "Danke @nordbahn für 2h Verspätung #NieWiederNordbahn www.nordbahn.de/hilfe")) {
            assertThat(Terms.words(text)).isEqualTo(reference(text));
        }
    }

    @Test
    void theWordsOfTheLastTextAreKeptButEachCallerGetsItsOwnList() {
        String text = "Zug kaputt, Weiche kaputt #Stellwerk @nordbahn https://t.co/x";
        List<String> first = Terms.words(text);
        assertThat(first).containsExactly("zug", "kaputt", "weiche", "kaputt", "#stellwerk");
        first.clear(); // a caller may change its list (the near-duplicate check keeps it)
        List<String> second = Terms.words(text);
        assertThat(second).containsExactly("zug", "kaputt", "weiche", "kaputt", "#stellwerk").isNotSameAs(first);
        assertThat(Terms.words("Akku leer")).containsExactly("akku", "leer");
        assertThat(Terms.words(text)).isEqualTo(second);
        assertThat(Terms.words(null)).isEmpty();
    }
}
