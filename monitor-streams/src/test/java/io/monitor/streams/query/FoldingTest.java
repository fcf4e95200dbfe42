package io.monitor.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FoldingTest {

    @Test
    void germanUmlautsTheirTranscriptionsAndBareVowelsFoldAlike() {
        assertThat(Folding.fold("München")).isEqualTo("munchen");
        assertThat(Folding.fold("Muenchen")).isEqualTo("munchen");
        assertThat(Folding.fold("munchen")).isEqualTo("munchen");
        assertThat(Folding.fold("MÜNCHEN")).isEqualTo("munchen");
        assertThat(Folding.fold("Köln")).isEqualTo(Folding.fold("Koeln"));
        assertThat(Folding.fold("Ärger")).isEqualTo(Folding.fold("Aerger"));
    }

    @Test
    void sharpSFoldsToDoubleS() {
        assertThat(Folding.fold("Straße")).isEqualTo("strasse");
        assertThat(Folding.fold("STRASSE")).isEqualTo("strasse");
        assertThat(Folding.fold("Strasse")).isEqualTo("strasse");
    }

    @Test
    void accentsAndCaseAreIgnored() {
        assertThat(Folding.fold("Café")).isEqualTo("cafe");
        assertThat(Folding.fold("CAFE")).isEqualTo("cafe");
        assertThat(Folding.fold("Ça")).isEqualTo("ca");
    }

    @Test
    void decomposedInputFoldsLikeComposed() {
        String decomposed = "Mu\u0308nchen"; // u + combining diaeresis, as some clients send it
        assertThat(Folding.fold(decomposed)).isEqualTo(Folding.fold("München"));
    }
}
