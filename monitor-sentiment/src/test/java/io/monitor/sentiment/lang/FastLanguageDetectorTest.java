package io.monitor.sentiment.lang;

import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.LanguageDetectors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FastLanguageDetectorTest {

    private final LanguageDetector detector = LanguageDetectors.defaultDetector();

    @Test
    void germanPostsAreGerman() {
        assertThat(detector.detect("Danke für nix, @DB_Bahn")).isEqualTo("de");
        assertThat(detector.detect("Der Zug hat schon wieder 40 Minuten Verspätung #bahnchaos https://t.co/x")).isEqualTo("de");
        assertThat(detector.detect("nicht schlecht 😂")).isEqualTo("de");
        assertThat(detector.detect("Scheißwetter heute, echt ätzend")).isEqualTo("de");
    }

    @Test
    void englishPostsAreEnglish() {
        assertThat(detector.detect("The flight was delayed again, thanks @united")).isEqualTo("en");
        assertThat(detector.detect("I love this phone!!!")).isEqualTo("en");
        assertThat(detector.detect("worst customer service ever")).isEqualTo("en");
    }

    @Test
    void aGermanPostWithEnglishLoanwordsIsGerman() {
        assertThat(detector.detect("Der Service war great, danke für alles!")).isEqualTo("de");
        assertThat(detector.detect("Mega nice, das neue Update ist echt top")).isEqualTo("de");
    }

    @Test
    void textsWithoutLettersAreUnknown() {
        assertThat(detector.detect("")).isEqualTo(LanguageDetector.UNKNOWN);
        assertThat(detector.detect(null)).isEqualTo(LanguageDetector.UNKNOWN);
        assertThat(detector.detect("😂😂😂 !!! 123")).isEqualTo(LanguageDetector.UNKNOWN);
        assertThat(detector.detect("@someone https://t.co/abc #Zug")).isEqualTo(LanguageDetector.UNKNOWN);
    }

    @Test
    void otherLanguagesAreNotForcedIntoGermanOrEnglish() {
        assertThat(detector.detect("Merci beaucoup, c'est très bien pour nous")).isEqualTo("fr");
        assertThat(detector.detect("Het is niet goed, maar ik heb geen tijd")).isEqualTo("nl");
    }

    @Test
    void umlautSpellingsVoteTheSame() {
        FastLanguageDetector fast = new FastLanguageDetector(Map.of("de", List.of("für", "schön"), "en", List.of("the")), null);
        assertThat(fast.vote("fuer schoen")).isEqualTo("de");
        assertThat(fast.vote("FÜR SCHÖN")).isEqualTo("de");
    }

    @Test
    void anUnclearVoteGoesToTheFallback() {
        FastLanguageDetector fast = new FastLanguageDetector(Map.of("de", List.of("und"), "en", List.of("and")), text -> "xx");
        assertThat(fast.vote("Kaffee Tee Wasser Milch Saft")).isNull();
        assertThat(fast.detect("Kaffee Tee Wasser Milch Saft")).isEqualTo("xx");
        assertThat(fast.detect("Kaffee und Tee und Wasser")).isEqualTo("de");
        FastLanguageDetector noFallback = new FastLanguageDetector(Map.of("de", List.of("und")), null);
        assertThat(noFallback.detect("Kaffee Tee Wasser Milch Saft")).isEqualTo(LanguageDetector.UNKNOWN);
    }

    @Test
    void aTieBetweenLanguagesIsNoClearVote() {
        FastLanguageDetector fast = new FastLanguageDetector(Map.of("de", List.of("und", "der"), "en", List.of("and", "the")), null);
        assertThat(fast.vote("und der and the Kaffee")).isNull();
    }
}
