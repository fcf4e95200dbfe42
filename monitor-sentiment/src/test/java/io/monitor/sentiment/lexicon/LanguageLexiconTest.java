package io.monitor.sentiment.lexicon;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The single lookup table behind the rules: one entry per word with valence, booster and role flags. */
class LanguageLexiconTest {

    private static final Lexicons LEXICONS = Lexicons.bundled();

    @Test
    void oneEntryCarriesValenceBoosterAndRoles() {
        LanguageLexicon en = LEXICONS.english();
        int good = en.entry("good");
        assertThat(good).isNotNegative();
        assertThat(en.valence(good, "good")).isPositive();
        assertThat(en.flags(good, "good") & LanguageLexicon.WORD).isNotZero();

        int not = en.entry("not");
        assertThat(en.flags(not, "not") & LanguageLexicon.NEGATOR).isNotZero();
        assertThat(en.valence(not, "not")).isZero();

        int very = en.entry("very");
        assertThat(en.booster(very)).isPositive();
        assertThat(en.flags(very, "very") & LanguageLexicon.BOOSTER).isNotZero();

        int but = en.entry("but");
        assertThat(en.flags(but, "but") & LanguageLexicon.CONTRAST).isNotZero();
    }

    @Test
    void unknownWordsHaveNoEntryButContractionsStillNegate() {
        LanguageLexicon en = LEXICONS.english();
        assertThat(en.entry("qwxzzy")).isEqualTo(-1);
        assertThat(en.valence(-1, "qwxzzy")).isZero();
        assertThat(en.flags(en.entry("doesn't"), "doesn't") & LanguageLexicon.NEGATOR).isNotZero();
        assertThat(en.isNegator("wasn't")).isTrue();
        assertThat(en.isNegator("want")).isFalse();
    }

    @Test
    void germanUnknownCompoundsFallBackToTheirHeadThroughTheSameEntryPoint() {
        LanguageLexicon de = LEXICONS.german();
        assertThat(de.entry("pizzakatastrophe")).isEqualTo(-1);
        assertThat(de.valence(-1, "pizzakatastrophe")).isNegative();
        assertThat(de.valence("pizzakatastrophe")).isEqualTo(de.valence(-1, "pizzakatastrophe"));
        assertThat(de.words()).contains("gut").hasSize(de.size());
    }

    @Test
    void everyWordOfTheLexiconIsFoundAgain() {
        for (LanguageLexicon lexicon : new LanguageLexicon[] {LEXICONS.english(), LEXICONS.german()}) {
            for (String w : lexicon.words()) {
                assertThat(lexicon.contains(w)).as(w).isTrue();
            }
        }
    }
}
