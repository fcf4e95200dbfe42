package io.monitor.sentiment.rules;

import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.LexiconScorer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lexicon-and-rules layer on hand-written sentences. */
class RuleAnalyzerTest {

    private static final LexiconScorer SCORER = LexiconScorer.bundled();

    private static double de(String text) {
        return SCORER.analyze(text, "de").compound();
    }

    private static double en(String text) {
        return SCORER.analyze(text, "en").compound();
    }

    private static Sentiment.Label label(String text, String language) {
        return SCORER.score(text, language).label();
    }

    @Test
    void plainGermanAndEnglishPolarity() {
        assertThat(de("Das Wetter ist heute gut")).isPositive();
        assertThat(de("Der Kundenservice war schrecklich")).isNegative();
        assertThat(en("The new update is great")).isPositive();
        assertThat(en("The new update is terrible")).isNegative();
        assertThat(de("Der Zug fährt um 10 Uhr ab")).isZero();
    }

    @Test
    void negationFlipsWithinItsScope() {
        assertThat(de("Das ist nicht gut")).isNegative();
        assertThat(de("Das ist gar nicht so gut")).isNegative();
        assertThat(de("Das ist nicht schlecht")).isPositive();
        assertThat(de("kein Problem, mach ich")).isPositive();
        assertThat(en("not bad at all")).isPositive();
        assertThat(en("this isn't good")).isNegative();
        assertThat(en("I don't love it")).isNegative();
    }

    @Test
    void negationStopsAtAClauseBoundary() {
        assertThat(de("Nicht heute. Das Konzert war toll")).isPositive();
    }

    @Test
    void aGermanVerbIsNegatedByAFollowingNicht() {
        assertThat(de("Das gefällt mir")).isPositive();
        assertThat(de("Das gefällt mir nicht")).isNegative();
        assertThat(de("Die App funktioniert leider nicht")).isNegative();
    }

    @Test
    void boostersStrengthenAndDampenersWeaken() {
        double plain = de("Das Essen war gut");
        assertThat(de("Das Essen war sehr gut")).isGreaterThan(plain);
        assertThat(de("Das Essen war total gut")).isGreaterThan(plain);
        assertThat(de("Das Essen war etwas gut")).isLessThan(plain).isPositive();
        assertThat(en("The food was very good")).isGreaterThan(en("The food was good"));
        assertThat(en("The food was somewhat good")).isLessThan(en("The food was good"));
    }

    @Test
    void kaumReadsAsHardly() {
        assertThat(de("Das ist kaum gut")).isNegative();
    }

    @Test
    void contrastShiftsTheWeightToWhatFollows() {
        assertThat(de("Das Essen war gut, aber der Service war furchtbar")).isNegative();
        assertThat(de("Der Service war furchtbar, aber das Essen war super")).isPositive();
        assertThat(en("The seats were nice but the staff was rude")).isNegative();
        assertThat(en("The staff was rude but the seats were great")).isPositive();
        assertThat(SCORER.analyze("gut aber teuer", "de").contrast()).isTrue();
    }

    @Test
    void emojiAndEmoticonsCarrySentiment() {
        assertThat(de("Neues Handy 😍")).isPositive();
        assertThat(de("Neues Handy 🤮")).isNegative();
        assertThat(de("Neues Handy :-(")).isNegative();
        assertThat(en("new phone <3")).isPositive();
        assertThat(SCORER.analyze("Neues Handy 😍", "de").symbolSum()).isPositive();
    }

    @Test
    void capsAndExclamationsEmphasise() {
        assertThat(de("Das ist TOLL")).isGreaterThan(de("Das ist toll"));
        assertThat(de("Das ist toll!!!")).isGreaterThan(de("Das ist toll"));
        assertThat(de("Das ist mies!!!")).isLessThan(de("Das ist mies"));
        // all-caps text: no caps emphasis, as in VADER
        assertThat(de("DAS IST TOLL")).isEqualTo(de("das ist toll"));
    }

    @Test
    void ironicThanksAndPraiseComeOutNegative() {
        assertThat(label("Danke für nix, @DB_Bahn", "de")).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(label("Danke @DB_Bahn für zwei Stunden Verspätung und kein WLAN", "de")).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(label("Toll, schon wieder Zugausfall", "de")).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(label("Na toll.", "de")).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(label("Thanks for nothing @airline", "en")).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(SCORER.analyze("Danke für zwei Stunden Verspätung", "de").irony()).isTrue();
    }

    @Test
    void anIronicThanksAtTheEndOfAComplaintComesOutNegative() {
        assertThat(label("The flight was delayed again and my bag is lost. Thanks @airline", "en")).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(label("Zug ausgefallen, Anschluss verpasst. Danke @DB_Bahn", "de")).isEqualTo(Sentiment.Label.NEGATIVE);
        // a complaint that was resolved stays thankful
        assertThat(label("Der Zug war verspätet, aber die Crew war super. Danke!", "de")).isEqualTo(Sentiment.Label.POSITIVE);
    }

    @Test
    void sincereThanksStayPositive() {
        assertThat(label("Danke für die schnelle Hilfe!", "de")).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(label("Thanks for the quick help!", "en")).isEqualTo(Sentiment.Label.POSITIVE);
    }

    @Test
    void nichtSchlechtWithLaughingEmojiIsPositive() {
        assertThat(label("nicht schlecht 😂", "de")).isEqualTo(Sentiment.Label.POSITIVE);
    }

    @Test
    void germanCompoundsTakeTheirHeadOrPolarPrefix() {
        assertThat(de("Zugausfall in Köln")).isNegative();
        assertThat(de("Scheißwetter heute")).isNegative();
        assertThat(de("Traumwetter heute")).isPositive();
        assertThat(de("Megastau auf der A7")).isLessThan(de("Stau auf der A7"));
    }

    @Test
    void inflectedGermanFormsAreFound() {
        assertThat(de("ein schöner Tag")).isPositive();
        assertThat(de("die schlechtesten Verbindungen")).isNegative();
        assertThat(de("ich hasse Montage")).isNegative();
    }

    @Test
    void umlautSpellingsScoreAlike() {
        assertThat(de("schön")).isEqualTo(de("schoen"));
        assertThat(de("Scheiße")).isEqualTo(de("Scheisse"));
        assertThat(de("schön")).isPositive();
    }

    @Test
    void elongatedWordsAreFound() {
        assertThat(de("guuuuut")).isPositive();
        assertThat(en("sooo goooood")).isPositive();
    }

    @Test
    void germanSlangAndLoanwordsAreKnown() {
        assertThat(de("Mega nice, danke!")).isPositive();
        assertThat(de("Epic fail, @bahn")).isNegative();
        assertThat(de("voll geil")).isPositive();
    }

    @Test
    void englishLoanwordsInGermanPostsCount() {
        assertThat(label("Der Service war great, danke!", "de")).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(label("Worst Zugfahrt ever, echt", "de")).isEqualTo(Sentiment.Label.NEGATIVE);
        // German words that look English keep their German meaning
        assertThat(de("Ich nehme ein Bad")).isZero();
    }

    @Test
    void unknownLanguageUsesTheLexiconThatFindsMore() {
        assertThat(SCORER.analyze("furchtbar schlecht", "und").compound()).isNegative();
        assertThat(SCORER.analyze("awful and terrible", "und").compound()).isNegative();
        assertThat(SCORER.analyze("awful and terrible", "fr").compound()).isNegative();
    }

    @Test
    void emptyNullAndHugeInputsAreScored() {
        assertThat(SCORER.score("", "de")).isEqualTo(new Sentiment(0, Sentiment.Label.NEUTRAL, 1));
        assertThat(SCORER.score(null, "de").label()).isEqualTo(Sentiment.Label.NEUTRAL);
        Sentiment huge = SCORER.score("Das ist furchtbar. ".repeat(50_000), "de");
        assertThat(huge.label()).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(huge.score()).isBetween(-1.0, 1.0);
    }

    @Test
    void aHugeInputEndingInASurrogatePairIsCutCleanly() {
        String text = "x".repeat(LexiconScorer.MAX_CHARS - 1) + "😍";
        assertThat(SCORER.score(text, "de").score()).isBetween(-1.0, 1.0);
    }

    @Test
    void compoundStaysWithinBoundsForExtremeTexts() {
        double c = de("SUPER TOLL!!!!!! " + "genial ".repeat(200) + "😍😍😍😍");
        assertThat(c).isLessThanOrEqualTo(1.0).isGreaterThan(0.95);
    }
}
