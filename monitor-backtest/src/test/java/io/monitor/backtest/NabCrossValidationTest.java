package io.monitor.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The 2-fold check on four 20-row files (window over rows 10..14, probation 3 rows): files 0, 2 form fold 0 and files 1,
 * 3 fold 1. Candidate "odd" finds the windows of the odd files only, "even" of the even files only; each raises a false
 * positive at row 5 where it misses. A choice made on one fold must therefore fail on the other.
 */
class NabCrossValidationTest {
    static final NabScorer.Profile STANDARD = new NabScorer.Profile("standard", 1.0, 0.11, 1.0);
    static final List<NabScorer.Window> WINDOW = List.of(new NabScorer.Window(10, 14));

    static List<NabEvaluation.Scored> corpus(int goodParity) {
        List<NabEvaluation.Scored> out = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            double[] s = new double[20];
            s[f % 2 == goodParity ? 10 : 5] = 1.0;
            out.add(new NabEvaluation.Scored("f" + f, s, WINDOW));
        }
        return out;
    }

    @Test
    void theConfigurationIsChosenOnTheOtherFoldAndScoredOnFilesThatTookNoPartInTheChoice() {
        Map<String, List<NabEvaluation.Scored>> scored = new LinkedHashMap<>();
        scored.put("even", corpus(0));
        scored.put("odd", corpus(1));
        List<NabCrossValidation.FoldResult> r = NabCrossValidation.run(scored, List.of(STANDARD));
        assertThat(r).hasSize(2);
        // Test fold 0 (files 0, 2): chosen on files 1, 3, where "odd" is perfect (100).
        assertThat(r.get(0).chosen()).isEqualTo("odd");
        assertThat(r.get(0).trainNormalised()).isCloseTo(100.0, within(1e-9));
        assertThat(r.get(0).test().files()).extracting(NabEvaluation.FileScore::name).containsExactly("f0", "f2");
        // On files 0 and 2 "odd" misses both windows (-1 each) and raises one false positive each (-0.11):
        // raw -2.22 against null -2 and perfect 2, i.e. 100·(-0.22)/4 = -5.5.
        assertThat(r.get(0).test().raw()).isCloseTo(-2.22, within(1e-9));
        assertThat(r.get(0).test().normalised()).isCloseTo(-5.5, within(1e-9));
        assertThat(r.get(1).chosen()).isEqualTo("even");
        assertThat(r.get(1).test().files()).extracting(NabEvaluation.FileScore::name).containsExactly("f1", "f3");
        assertThat(NabCrossValidation.pooled(r, "standard")).isCloseTo(-5.5, within(1e-9));
    }

    @Test
    void aCandidateGoodOnBothFoldsKeepsItsScoreOutOfSample() {
        Map<String, List<NabEvaluation.Scored>> scored = new LinkedHashMap<>();
        List<NabEvaluation.Scored> all = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            double[] s = new double[20];
            s[10] = 1.0;
            all.add(new NabEvaluation.Scored("f" + f, s, WINDOW));
        }
        scored.put("both", all); // first: on a tie (both perfect on fold 0) the earlier candidate is kept
        scored.put("even", corpus(0));
        List<NabCrossValidation.FoldResult> r = NabCrossValidation.run(scored, List.of(STANDARD));
        assertThat(r).extracting(NabCrossValidation.FoldResult::chosen).containsExactly("both", "both");
        assertThat(NabCrossValidation.pooled(r, "standard")).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void everyDefaultCandidateIsAValidConfigurationAndTheFirstIsTheDefault() {
        List<NabCrossValidation.Candidate> c = NabCrossValidation.defaultCandidates();
        assertThat(c.get(0).config()).isEqualTo(EnsembleDetector.Config.DEFAULT);
        assertThat(c).extracting(NabCrossValidation.Candidate::name).doesNotHaveDuplicates();
        assertThat(c).extracting(NabCrossValidation.Candidate::config).doesNotHaveDuplicates();
    }
}
