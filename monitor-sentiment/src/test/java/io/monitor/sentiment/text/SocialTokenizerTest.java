package io.monitor.sentiment.text;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SocialTokenizerTest {

    private final SocialTokenizer tokenizer = SocialTokenizer.withDefaultEmoticons();

    private List<String> norms(String text) {
        return tokenizer.tokenize(text).tokens().stream().map(t -> t.type + ":" + t.norm).collect(Collectors.toList());
    }

    @Test
    void urlsMentionsAndNumbersBecomeSingleTokens() {
        assertThat(norms("Schau mal https://t.co/AbC?x=1 und www.bahn.de, @DB_Bahn 12,50 Euro"))
                .containsExactly("WORD:schau", "WORD:mal", "URL:<url>", "WORD:und", "URL:<url>",
                        "MENTION:DB_Bahn", "NUMBER:<num>", "WORD:euro");
    }

    @Test
    void anEmailAddressIsNoMention() {
        assertThat(norms("info@example.com")).doesNotContain("MENTION:example");
    }

    @Test
    void hashtagsAreSplitAtCamelCaseDigitsAndUnderscores() {
        Tokens tokens = tokenizer.tokenize("#NichtMeinZug #S21 #zug_chaos #fail");
        assertThat(tokens.tokens().stream().map(t -> t.norm).toList())
                .containsExactly("nicht", "mein", "zug", "s", "<num>", "zug", "chaos", "fail");
    }

    @Test
    void anUpperCaseRunBeforeACapitalisedWordIsItsOwnPart() {
        assertThat(tokenizer.tokenize("#DBFail").tokens().stream().map(t -> t.norm).toList()).containsExactly("db", "fail");
        assertThat(tokenizer.tokenize("#DBFail").tokens()).allMatch(t -> t.fromHashtag);
    }

    @Test
    void emojiKeepOneTokenEachWithoutSkinToneOrJoinedParts() {
        Tokens tokens = tokenizer.tokenize("super👍🏽🤦‍♂️❤️");
        assertThat(tokens.tokens().stream().map(t -> t.type + ":" + t.norm).toList())
                .containsExactly("WORD:super", "EMOJI:👍", "EMOJI:🤦", "EMOJI:❤");
    }

    @Test
    void emoticonsAreRecognisedButNotInsideWords() {
        assertThat(norms("gut :-) <3 :'( ;)")).containsExactly("WORD:gut", "EMOTICON::-)", "EMOTICON:<3", "EMOTICON::'(", "EMOTICON:;)");
        assertThat(norms(":Dann")).doesNotContain("EMOTICON::D");
    }

    @Test
    void elongatedWordsKeepTwoAndOneLetterForms() {
        Token t = tokenizer.tokenize("guuuuut").get(0);
        assertThat(t.elongated).isTrue();
        assertThat(t.norm).isEqualTo("guut");
        assertThat(t.normSingle).isEqualTo("gut");
        Token cool = tokenizer.tokenize("coooool").get(0);
        assertThat(cool.norm).isEqualTo("cool");
        Token plain = tokenizer.tokenize("Kaffee").get(0);
        assertThat(plain.elongated).isFalse();
        assertThat(plain.normSingle).isSameAs(plain.norm);
    }

    @Test
    void umlautsAndSharpSAreFolded() {
        assertThat(norms("Schön Straße ÜBEL")).containsExactly("WORD:schoen", "WORD:strasse", "WORD:uebel");
        assertThat(tokenizer.tokenize("Schöööön").get(0).normSingle).isEqualTo("schoen");
        assertThat(SocialTokenizer.fold("Grüße")).isEqualTo("gruesse");
    }

    @Test
    void allCapsNeedsTwoLettersAllUpper() {
        Tokens tokens = tokenizer.tokenize("TOLL gemacht A ICE");
        assertThat(tokens.get(0).allCaps).isTrue();
        assertThat(tokens.get(1).allCaps).isFalse();
        assertThat(tokens.get(2).allCaps).isFalse();
        assertThat(tokens.get(3).allCaps).isTrue();
        assertThat(tokens.hasLowerCase()).isTrue();
        assertThat(tokenizer.tokenize("NUR GROSS").hasLowerCase()).isFalse();
    }

    @Test
    void exclamationAndQuestionRunsAreCounted() {
        Tokens tokens = tokenizer.tokenize("Echt jetzt?!?! Super!!!11");
        assertThat(tokens.exclamations()).isEqualTo(5);
        assertThat(tokens.questions()).isEqualTo(2);
        assertThat(tokens.tokens().stream().filter(t -> t.type == Token.Type.EMPHASIS).count()).isEqualTo(2);
    }

    @Test
    void contractionsStayOneWord() {
        assertThat(norms("I don’t like it, geht's?")).contains("WORD:don't", "WORD:geht's");
    }

    @Test
    void emptyAndNullTextGiveNoTokens() {
        assertThat(tokenizer.tokenize("").size()).isZero();
        assertThat(tokenizer.tokenize(null).size()).isZero();
        assertThat(tokenizer.tokenize("   \n\t ").size()).isZero();
    }

    @Test
    void aHugeInputIsTokenizedCompletely() {
        String text = "sehr gut! ".repeat(100_000);
        Tokens tokens = tokenizer.tokenize(text);
        assertThat(tokens.size()).isEqualTo(300_000);
        assertThat(tokens.exclamations()).isEqualTo(100_000);
    }

    @Test
    void loneSurrogatesAndControlCharactersDoNotBreakTokenizing() {
        assertThat(norms("gut\uD83D \u0000 \uDE00 schlecht")).containsExactly("WORD:gut", "WORD:schlecht");
    }
}
