package io.monitor.sentiment.rules;

/**
 * What the lexicon rules found in one text; also the lexicon features of the learned layer.
 *
 * @param compound      VADER-style normalised sum in [-1, 1]
 * @param positive      sum of positive valences after all rules
 * @param negative      sum of the magnitudes of negative valences after all rules
 * @param words         number of word tokens
 * @param hits          tokens (words, emoji, emoticons) with a non-zero valence
 * @param symbolSum     summed valence of emoji and emoticons
 * @param negations     sentiment words flipped by a negator
 * @param contrast      a contrast word ("aber", "but") re-weighted the text
 * @param irony         an irony rule flipped a positive word
 * @param exclamations  '!' in the text
 * @param questions     '?' in the text
 * @param capsWords     ALL-CAPS words with valence
 */
public record RuleAnalysis(double compound, double positive, double negative, int words, int hits, double symbolSum,
                           int negations, boolean contrast, boolean irony, int exclamations, int questions,
                           int capsWords) {

    public static final RuleAnalysis EMPTY = new RuleAnalysis(0, 0, 0, 0, 0, 0, 0, false, false, 0, 0, 0);
}
