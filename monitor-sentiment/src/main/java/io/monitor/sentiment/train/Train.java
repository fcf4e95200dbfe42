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
 *        [--bits 18] [--epochs 3] [--lr 0.1] [--l2 1e-6] [--cap 3000] [--char-grams] [--exclude set,...]
 * </pre>
 *
 * <p>{@code <shared data dir>} holds {@code sentiment/de/...} and {@code sentiment/en/...} (see {@link Datasets}).
 * Examples of the held-out split (see {@link Datasets#isHeldOut}) and of {@code --exclude}d sets never reach the
 * trainer; the report compares the lexicon layer and the learned layer on the held-out part of every set (and on
 * all of an excluded set). PotTS' {@code mixed} texts are left out of training and evaluation. {@code --cap} bounds
 * the weight of a large set: a set with more training texts than the cap has each text weighted cap/size, so the
 * airline tweets do not drown the other English sets. To refresh the bundled model, write to
 * {@code src/main/resources/io/monitor/sentiment/model/sentiment-lr.bin.gz}.
 */
public final class Train {

    private Train() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Train <shared data dir> <out.bin.gz> [--bits 18] [--epochs 3] [--lr 0.1] "
                    + "[--l2 1e-6] [--cap 3000] [--char-grams] [--exclude set,...]");
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
        Set<String> exclude = new HashSet<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--bits" -> bits = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--lr" -> lr = Double.parseDouble(args[++i]);
                case "--l2" -> l2 = Double.parseDouble(args[++i]);
                case "--cap" -> cap = Double.parseDouble(args[++i]);
                case "--char-grams" -> charGrams = true;
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

        Map<String, List<Trainer.Instance>> evalInstances = new LinkedHashMap<>();
        Map<String, Confusion> lexiconConfusion = new LinkedHashMap<>();
        Map<String, List<Trainer.Instance>> trainBySet = new LinkedHashMap<>();
        for (Datasets.Spec spec : Datasets.ALL) {
            List<Datasets.Example> examples = Datasets.read(dataDir, spec);
            List<Trainer.Instance> train = new ArrayList<>();
            List<Trainer.Instance> eval = new ArrayList<>();
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
                boolean evaluate = ex.heldOut() || exclude.contains(spec.name());
                if (evaluate) {
                    eval.add(instance);
                    Sentiment s = lexiconScorer.score(ex.text(), language);
                    lex.add(ex.gold(), GoldLabel.of(s.label()));
                } else {
                    train.add(instance);
                }
            }
            evalInstances.put(spec.name(), eval);
            lexiconConfusion.put(spec.name(), lex);
            trainBySet.put(spec.name(), train);
        }
        List<Trainer.Instance> training = new ArrayList<>();
        Map<String, Float> setWeight = new HashMap<>();
        for (Map.Entry<String, List<Trainer.Instance>> e : trainBySet.entrySet()) {
            float weight = (float) Math.min(1.0, cap / Math.max(1, e.getValue().size()));
            setWeight.put(e.getKey(), weight);
            for (Trainer.Instance x : e.getValue()) {
                training.add(new Trainer.Instance(x.index(), x.value(), x.label(), weight));
            }
        }
        long t1 = System.nanoTime();
        LinearModel model = new Trainer(lr, l2, epochs, 42L).train(extractor, training);
        long t2 = System.nanoTime();

        System.out.printf(Locale.ROOT, "features: 2^%d buckets, char n-grams %s; trained on %d texts in %d epochs (%.1f s features, %.1f s training)%n",
                bits, charGrams ? "on" : "off", training.size(), epochs, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        System.out.printf(Locale.ROOT, "%-13s %6s %6s | %-34s | %-34s%n", "set", "train", "eval",
                "lexicon layer: acc  macF1  macRec", "learned layer: acc  macF1  macRec");
        Confusion[] totals = {new Confusion(), new Confusion()};
        for (String set : evalInstances.keySet()) {
            Confusion learned = new Confusion();
            for (Trainer.Instance x : evalInstances.get(set)) {
                LinearModel.Logits l = model.logits();
                for (int k = 0; k < x.index().length; k++) {
                    l.add(x.index()[k], x.value()[k]);
                }
                learned.add(GoldLabel.values()[x.label()], argmax(l));
            }
            Confusion lex = lexiconConfusion.get(set);
            String note = exclude.contains(set) ? " (excluded: all of it)" : String.format(Locale.ROOT, " (weight %.2f)", setWeight.get(set));
            System.out.printf(Locale.ROOT, "%-13s %6d %6d | %15.4f %6.4f %6.4f | %15.4f %6.4f %6.4f%s%n", set,
                    trainBySet.get(set).size(), evalInstances.get(set).size(),
                    lex.accuracy(), lex.macroF1(), lex.macroRecall(),
                    learned.accuracy(), learned.macroF1(), learned.macroRecall(), note);
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

    private static GoldLabel argmax(LinearModel.Logits l) {
        if (l.positive >= l.negative && l.positive >= l.neutral) {
            return GoldLabel.POSITIVE;
        }
        return l.negative >= l.neutral ? GoldLabel.NEGATIVE : GoldLabel.NEUTRAL;
    }
}
