package io.monitor.sentiment.train;

import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.LanguageDetectors;
import io.monitor.sentiment.LexiconScorer;
import io.monitor.sentiment.eval.Confusion;
import io.monitor.sentiment.eval.GoldLabel;
import io.monitor.sentiment.lexicon.LanguageLexicon;
import io.monitor.sentiment.lexicon.Lexicons;
import io.monitor.sentiment.ml.FeatureExtractor;
import io.monitor.sentiment.ml.LinearModel;
import io.monitor.sentiment.ml.RuleGate;
import io.monitor.sentiment.rules.RuleAnalysis;
import io.monitor.sentiment.rules.RuleAnalyzer;
import io.monitor.sentiment.text.SocialTokenizer;
import io.monitor.sentiment.text.Tokens;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Trains the learned layer on the train split of the labelled sets and writes only its weights.
 *
 * <pre>
 *   java -cp monitor-sentiment.jar:... io.monitor.sentiment.train.Train &lt;shared data dir&gt; &lt;out.bin.gz&gt;
 *        [--bits 18] [--epochs 3] [--lr 0.1] [--l2 1e-6] [--cap 3000] [--char-grams] [--no-gate] [--exclude set,...]
 * </pre>
 *
 * <p>{@code <shared data dir>} holds {@code sentiment/de/...} and {@code sentiment/en/...} (see {@link Datasets}).
 * Examples of the held-out split (see {@link Datasets#isHeldOut}) and of {@code --exclude}d sets never reach the
 * trainer; the report compares the lexicon layer and the learned layer on the held-out part of every set (and on
 * all of an excluded set). PotTS' {@code mixed} texts are left out of training and evaluation. {@code --cap} bounds
 * the weight of a large set: a set with more training texts than the cap has each text weighted cap/size, so the
 * airline tweets do not drown the other English sets. To refresh the bundled model, write to
 * {@code src/main/resources/io/monitor/sentiment/model/sentiment-lr.bin.gz}.
 *
 * <p>The blend ({@link RuleGate}, one per language group) is fitted on out-of-fold predictions of the training split
 * (three folds by text hash, see {@link Datasets#fold}); {@code --no-gate} leaves it off. The report shows the
 * lexicon layer, the learned layer without the gate and the blend (what {@code SentimentScorers.defaultScorer()} does).
 */
public final class Train {

    private Train() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Train <shared data dir> <out.bin.gz> [--bits 18] [--epochs 3] [--lr 0.1] "
                    + "[--l2 1e-6] [--cap 3000] [--char-grams] [--no-gate] [--exclude set,...]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int bits = 18;
        int epochs = 3;
        double lr = 0.1;
        double l2 = 1e-6;
        double cap = 3000;
        boolean charGrams = false;
        boolean gate = true;
        Set<String> exclude = new HashSet<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--bits" -> bits = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--lr" -> lr = Double.parseDouble(args[++i]);
                case "--l2" -> l2 = Double.parseDouble(args[++i]);
                case "--cap" -> cap = Double.parseDouble(args[++i]);
                case "--char-grams" -> charGrams = true;
                case "--no-gate" -> gate = false;
                case "--exclude" -> exclude.addAll(List.of(args[++i].split(",")));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        exclude.forEach(Datasets::spec); // fail early on a typo

        long t0 = System.nanoTime();
        SocialTokenizer tokenizer = SocialTokenizer.withDefaultEmoticons();
        RuleAnalyzer analyzer = new RuleAnalyzer(Lexicons.bundled());
        LanguageDetector detector = LanguageDetectors.defaultDetector();
        FeatureExtractor extractor = new FeatureExtractor(bits, charGrams);
        LexiconScorer lexiconScorer = LexiconScorer.bundled();

        // Per set: training and evaluation examples with what the gate needs (rule analysis, language group, fold).
        Map<String, List<Example>> evalBySet = new LinkedHashMap<>();
        Map<String, Confusion> lexiconConfusion = new LinkedHashMap<>();
        Map<String, List<Example>> trainBySet = new LinkedHashMap<>();
        for (Datasets.Spec spec : Datasets.ALL) {
            List<Datasets.Example> examples = Datasets.read(dataDir, spec);
            List<Example> train = new ArrayList<>();
            List<Example> eval = new ArrayList<>();
            Confusion lex = new Confusion();
            for (Datasets.Example ex : examples) {
                if (ex.gold() == GoldLabel.MIXED) {
                    continue;
                }
                String language = detector.detect(ex.text());
                Tokens tokens = tokenizer.tokenize(ex.text());
                LanguageLexicon lexicon = analyzer.lexicons().forLanguage(language);
                if (lexicon == null) {
                    lexicon = analyzer.pick(tokens);
                }
                RuleAnalysis analysis = analyzer.analyze(tokens, lexicon);
                Trainer.Collector collector = new Trainer.Collector();
                extractor.extract(tokens, analysis, language, lexicon, collector);
                Trainer.Instance instance = collector.toInstance(ex.gold().ordinal(), 1f);
                Example example = new Example(instance, analysis, FeatureExtractor.group(language),
                        Datasets.fold(ex.text(), FOLDS), spec.name());
                boolean evaluate = ex.heldOut() || exclude.contains(spec.name());
                if (evaluate) {
                    eval.add(example);
                    Sentiment s = lexiconScorer.score(ex.text(), language);
                    lex.add(ex.gold(), GoldLabel.of(s.label()));
                } else {
                    train.add(example);
                }
            }
            evalBySet.put(spec.name(), eval);
            lexiconConfusion.put(spec.name(), lex);
            trainBySet.put(spec.name(), train);
        }
        List<Example> training = new ArrayList<>();
        Map<String, Float> setWeight = new HashMap<>();
        for (Map.Entry<String, List<Example>> e : trainBySet.entrySet()) {
            float weight = (float) Math.min(1.0, cap / Math.max(1, e.getValue().size()));
            setWeight.put(e.getKey(), weight);
            for (Example x : e.getValue()) {
                Trainer.Instance i = x.instance();
                training.add(x.withInstance(new Trainer.Instance(i.index(), i.value(), i.label(), weight)));
            }
        }
        long t1 = System.nanoTime();
        Trainer trainer = new Trainer(lr, l2, epochs, 42L);
        LinearModel model = trainer.train(extractor, training.stream().map(Example::instance).toList());
        RuleGate[] gates = new RuleGate[] {RuleGate.OFF, RuleGate.OFF, RuleGate.OFF};
        if (gate) {
            gates = fitGates(trainer, extractor, training);
            model = model.withGates(gates);
        }
        long t2 = System.nanoTime();

        System.out.printf(Locale.ROOT, "features: 2^%d buckets, char n-grams %s; trained on %d texts in %d epochs (%.1f s features, %.1f s training and gate fitting)%n",
                bits, charGrams ? "on" : "off", training.size(), epochs, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        for (int g = 0; g < gates.length; g++) {
            System.out.printf(Locale.ROOT, "gate %s: %s%n", GROUP_NAMES[g], gates[g]);
        }
        System.out.printf(Locale.ROOT, "%-13s %6s %6s | %-22s | %-22s | %-22s%n", "set", "train", "eval",
                "lexicon: acc macF1 macR", "learned: acc macF1 macR", "blended: acc macF1 macR");
        for (String set : evalBySet.keySet()) {
            Confusion learned = new Confusion();
            Confusion blended = new Confusion();
            for (Example x : evalBySet.get(set)) {
                GoldLabel gold = GoldLabel.values()[x.instance().label()];
                LinearModel.Logits l = logits(model, x.instance());
                learned.add(gold, argmax(l));
                model.gate(x.group()).apply(x.analysis(), l);
                blended.add(gold, argmax(l));
            }
            Confusion lex = lexiconConfusion.get(set);
            String note = exclude.contains(set) ? " (excluded: all of it)" : String.format(Locale.ROOT, " (weight %.2f)", setWeight.get(set));
            System.out.printf(Locale.ROOT, "%-13s %6d %6d | %.4f %.4f %.4f | %.4f %.4f %.4f | %.4f %.4f %.4f%s%n", set,
                    trainBySet.get(set).size(), evalBySet.get(set).size(),
                    lex.accuracy(), lex.macroF1(), lex.macroRecall(),
                    learned.accuracy(), learned.macroF1(), learned.macroRecall(),
                    blended.accuracy(), blended.macroF1(), blended.macroRecall(), note);
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (OutputStream o = Files.newOutputStream(out)) {
            model.write(o);
        }
        System.out.printf(Locale.ROOT, "wrote %s (%d bytes; %.1f MB of weights on the heap)%n", out, Files.size(out),
                model.weightBytes() / 1e6);
    }

    private static final int FOLDS = 3;
    private static final String[] GROUP_NAMES = {"de", "en", "other"};

    /** One labelled text as the trainer and the gate fitting see it. */
    private record Example(Trainer.Instance instance, RuleAnalysis analysis, int group, int fold, String set) {
        Example withInstance(Trainer.Instance i) {
            return new Example(i, analysis, group, fold, set);
        }
    }

    private static LinearModel.Logits logits(LinearModel model, Trainer.Instance x) {
        LinearModel.Logits l = model.logits();
        for (int k = 0; k < x.index().length; k++) {
            l.add(x.index()[k], x.value()[k]);
        }
        return l;
    }

    /**
     * Fits one {@link RuleGate} per language group on out-of-fold predictions: the training split is cut into
     * {@value #FOLDS} folds by text hash, each fold is predicted by a model trained on the others, and a grid search
     * picks the gate that maximises the mean macro-F1 over the sets of that group ("other" pools all groups).
     * The held-out split plays no part.
     */
    private static RuleGate[] fitGates(Trainer trainer, FeatureExtractor extractor, List<Example> training) {
        float[][] oof = new float[training.size()][];
        for (int f = 0; f < FOLDS; f++) {
            int fold = f;
            LinearModel m = trainer.train(extractor, training.stream().filter(x -> x.fold() != fold).map(Example::instance).toList());
            for (int i = 0; i < training.size(); i++) {
                if (training.get(i).fold() == fold) {
                    LinearModel.Logits l = logits(m, training.get(i).instance());
                    oof[i] = new float[] {l.negative, l.neutral, l.positive};
                }
            }
        }
        RuleGate[] gates = new RuleGate[FeatureExtractor.GROUPS];
        for (int g = 0; g < gates.length; g++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < training.size(); i++) {
                if (g == 2 || training.get(i).group() == g) {
                    members.add(i);
                }
            }
            gates[g] = bestGate(training, oof, members);
        }
        return gates;
    }

    private static RuleGate bestGate(List<Example> training, float[][] oof, List<Integer> members) {
        List<String> sets = members.stream().map(i -> training.get(i).set()).distinct().toList();
        int[] setOf = new int[training.size()];
        for (int i : members) {
            setOf[i] = sets.indexOf(training.get(i).set());
        }
        int[] memberArray = members.stream().mapToInt(Integer::intValue).toArray();
        RuleGate best = RuleGate.OFF;
        double bestScore = meanMacroF1(training, oof, memberArray, setOf, sets.size(), RuleGate.OFF);
        int[] maxWords = {6, 12, 1000};
        float[] thresholds = {0.2f, 0.25f, 0.3f, 0.35f, 0.4f, 0.5f, 0.6f, 1.01f};
        float[] bonuses = {1f, 2f, 4f, 8f};
        float[] confidences = {0.6f, 0.75f, 0.9f, 1f};
        for (int w : maxWords) {
            for (float tp : thresholds) {
              for (float tneg : thresholds) {
                for (float tn : thresholds) {
                    if (tn > Math.min(tp, tneg)) {
                        continue; // a negation only ever lowers the bar
                    }
                    for (float b : bonuses) {
                        for (float c : confidences) {
                            RuleGate gate = new RuleGate(w, tp, tneg, tn, b, c);
                            double score = meanMacroF1(training, oof, memberArray, setOf, sets.size(), gate);
                            if (score > bestScore + 1e-9) {
                                bestScore = score;
                                best = gate;
                            }
                        }
                    }
                }
              }
            }
        }
        return best;
    }

    private static double meanMacroF1(List<Example> training, float[][] oof, int[] members, int[] setOf, int sets,
                                      RuleGate gate) {
        long[][][] m = new long[sets][3][3];
        for (int i : members) {
            Example x = training.get(i);
            float neg = oof[i][0];
            float neu = oof[i][1];
            float pos = oof[i][2];
            float b = gate.bonus(x.analysis(), neg, neu, pos);
            if (b != 0f) {
                if (x.analysis().compound() > 0) {
                    pos += b;
                } else {
                    neg += b;
                }
            }
            int p = pos >= neg && pos >= neu ? 2 : neg >= neu ? 0 : 1;
            m[setOf[i]][x.instance().label()][p]++;
        }
        double sum = 0;
        int counted = 0;
        for (long[][] s : m) {
            long n = 0;
            double f1 = 0;
            for (int c = 0; c < 3; c++) {
                long tp = s[c][c];
                long goldC = s[c][0] + s[c][1] + s[c][2];
                long predC = s[0][c] + s[1][c] + s[2][c];
                n += goldC;
                f1 += goldC + predC == 0 ? 0 : 2.0 * tp / (goldC + predC);
            }
            if (n >= 50) {
                sum += f1 / 3;
                counted++;
            }
        }
        return counted == 0 ? 0 : sum / counted;
    }

    private static GoldLabel argmax(LinearModel.Logits l) {
        if (l.positive >= l.negative && l.positive >= l.neutral) {
            return GoldLabel.POSITIVE;
        }
        return l.negative >= l.neutral ? GoldLabel.NEGATIVE : GoldLabel.NEUTRAL;
    }
}
