package io.monitor.sentiment.text;

import java.util.List;

/**
 * The tokens of one post plus text-wide facts the rules need.
 *
 * @param tokens          in text order
 * @param hasLowerCase    the text has at least one lower-case letter (caps emphasis only counts then, as in VADER)
 * @param exclamations    number of '!' in the text
 * @param questions       number of '?' in the text
 */
public record Tokens(List<Token> tokens, boolean hasLowerCase, int exclamations, int questions) {

    public int size() {
        return tokens.size();
    }

    public Token get(int i) {
        return tokens.get(i);
    }
}
