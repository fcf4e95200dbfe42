package io.monitor.sentiment.bench;

import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.train.Datasets;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Old against new: loads two builds of monitor-sentiment side by side in one JVM (each in its own class loader, the
 * rest of the classpath shared), checks that they give the same outputs on every text of the labelled sets, and
 * measures both in alternating short slices, so that other processes on a shared machine slow both alike and the
 * ratio stays meaningful. A benchmark, not a test: run it by hand.
 *
 * <pre>
 *   cd /work/main &amp;&amp; ./mvnw -q -o -pl monitor-sentiment test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 *   cp ~/.m2/repository/io/monitor/monitor-sentiment/0.1.0-SNAPSHOT/monitor-sentiment-0.1.0-SNAPSHOT.jar /tmp/old.jar  # or any build
 *   java -Xms1g -Xmx1g -cp monitor-sentiment/target/test-classes:monitor-sentiment/target/classes:$(cat /tmp/cp.txt) \
 *        io.monitor.sentiment.bench.SentimentCompareBench /tmp/old.jar monitor-sentiment/target/classes ../shared/data [rounds, default 20]
 * </pre>
 *
 * <p>Outputs compared: the default detector's language, then the lexicon scorer's and the default scorer's label,
 * score and confidence given that language (scores compared exactly). Texts: all texts of the six labelled sets as
 * they are (no cut), plus each cut to 280 characters when longer. Speed: per pipeline (detection; detection +
 * lexicon; detection + learned), {@code rounds} pairs of slices of about 0.5 s of this thread's CPU time over the
 * German/English mix of {@link SentimentBench}, old first in odd rounds, new first in even ones; reported as texts per
 * CPU-second (median) and the median of the per-round new/old ratios.
 */
public final class SentimentCompareBench {

    /** One build of monitor-sentiment, called through method handles. */
    static final class Build {
        final String name;
        final MethodHandle detect;
        final MethodHandle lexicon;
        final MethodHandle learned;

        Build(String name, Path location) throws Exception {
            this.name = name;
            ClassLoader loader = new ChildFirst(new URL[] {location.toUri().toURL()}, SentimentCompareBench.class.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> detectors = loader.loadClass("io.monitor.sentiment.LanguageDetectors");
            Class<?> detectorType = loader.loadClass("io.monitor.sentiment.LanguageDetector");
            Class<?> scorers = loader.loadClass("io.monitor.sentiment.SentimentScorers");
            Class<?> scorerType = loader.loadClass("io.monitor.sentiment.SentimentScorer");
            Object detector = detectors.getMethod("defaultDetector").invoke(null);
            Object lexiconScorer = scorers.getMethod("lexiconScorer").invoke(null);
            Object learnedScorer = scorers.getMethod("create", String.class).invoke(null, "default");
            if (!learnedScorer.getClass().getName().endsWith("LearnedScorer")) {
                throw new IllegalStateException(name + ": the default scorer is " + learnedScorer.getClass() + ", not the learned layer");
            }
            MethodType score = MethodType.methodType(Sentiment.class, String.class, String.class);
            detect = lookup.findVirtual(detectorType, "detect", MethodType.methodType(String.class, String.class))
                    .bindTo(detector).asType(MethodType.methodType(String.class, String.class));
            lexicon = lookup.findVirtual(scorerType, "score", score).bindTo(lexiconScorer);
            learned = lookup.findVirtual(scorerType, "score", score).bindTo(learnedScorer);
        }

        String detect(String text) throws Throwable {
            return (String) detect.invokeExact(text);
        }

        Sentiment lexicon(String text, String language) throws Throwable {
            return (Sentiment) lexicon.invokeExact(text, language);
        }

        Sentiment learned(String text, String language) throws Throwable {
            return (Sentiment) learned.invokeExact(text, language);
        }
    }

    /** Loads io.monitor.sentiment (classes and resources) from its own URLs, everything else from the parent. */
    static final class ChildFirst extends URLClassLoader {
        ChildFirst(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.monitor.sentiment.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = findClass(name);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }

    interface Op {
        int apply(Build b, String text) throws Throwable;
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 3) {
            System.err.println("usage: SentimentCompareBench OLD.jar|dir NEW.jar|dir DATA_DIR [rounds]");
            System.exit(2);
        }
        Build old = new Build("old", Path.of(args[0]));
        Build now = new Build("new", Path.of(args[1]));
        Path data = Path.of(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 20;

        List<String> all = new ArrayList<>();
        List<String> de = new ArrayList<>();
        List<String> en = new ArrayList<>();
        for (Datasets.Spec spec : Datasets.ALL) {
            for (Datasets.Example ex : Datasets.read(data, spec)) {
                all.add(ex.text());
                String t = ex.text().length() > 280 ? ex.text().substring(0, 280) : ex.text();
                if (t.length() < ex.text().length()) {
                    all.add(t);
                }
                (spec.language().equals("de") ? de : en).add(t);
            }
        }
        compare(old, now, all);

        int n = Math.min(de.size(), en.size());
        String[] mix = new String[2 * n];
        for (int i = 0; i < n; i++) {
            mix[2 * i] = de.get(i);
            mix[2 * i + 1] = en.get(i);
        }
        System.out.printf(Locale.ROOT, "speed: %d texts (German/English alternating, cut to 280 chars), %d rounds of ~0.5 s CPU per build and pipeline; machine load %.1f%n",
                mix.length, rounds, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        speed("language detection", old, now, mix, rounds, (b, t) -> b.detect(t).length());
        speed("detection + lexicon layer", old, now, mix, rounds, (b, t) -> b.lexicon(t, b.detect(t)).label().ordinal());
        speed("detection + learned layer (default)", old, now, mix, rounds, (b, t) -> b.learned(t, b.detect(t)).label().ordinal());
        System.out.printf(Locale.ROOT, "machine load at the end %.1f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void compare(Build old, Build now, List<String> texts) throws Throwable {
        int languages = 0;
        int lexicon = 0;
        int learned = 0;
        int labels = 0;
        List<String> examples = new ArrayList<>();
        for (String t : texts) {
            String lo = old.detect(t);
            String ln = now.detect(t);
            if (lo.equals(ln)) {
                languages++;
            } else if (examples.size() < 5) {
                examples.add("language " + lo + " -> " + ln + ": " + t);
            }
            Sentiment xo = old.lexicon(t, lo);
            Sentiment xn = now.lexicon(t, lo);
            Sentiment yo = old.learned(t, lo);
            Sentiment yn = now.learned(t, lo);
            if (xo.equals(xn)) {
                lexicon++;
            } else if (examples.size() < 5) {
                examples.add("lexicon " + xo + " -> " + xn + ": " + t);
            }
            if (yo.equals(yn)) {
                learned++;
            } else if (examples.size() < 5) {
                examples.add("learned " + yo + " -> " + yn + ": " + t);
            }
            if (lo.equals(ln) && xo.label() == xn.label() && yo.label() == yn.label()) {
                labels++;
            }
        }
        System.out.printf(Locale.ROOT, "outputs: %d texts; identical language on %d, identical lexicon sentiment (label, score, confidence) on %d, "
                + "identical default sentiment on %d; identical language and labels on %d of %d%n",
                texts.size(), languages, lexicon, learned, labels, texts.size());
        examples.forEach(e -> System.out.println("  differs: " + e));
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static void speed(String name, Build old, Build now, String[] texts, int rounds, Op op) throws Throwable {
        int[] cursor = {0, 0};
        // warm up both (JIT) for a few slices before measuring
        for (int w = 0; w < 3; w++) {
            slice(old, texts, op, cursor, 0);
            slice(now, texts, op, cursor, 1);
        }
        double[] rateOld = new double[rounds];
        double[] rateNew = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            if (r % 2 == 0) {
                rateOld[r] = slice(old, texts, op, cursor, 0);
                rateNew[r] = slice(now, texts, op, cursor, 1);
            } else {
                rateNew[r] = slice(now, texts, op, cursor, 1);
                rateOld[r] = slice(old, texts, op, cursor, 0);
            }
            ratio[r] = rateNew[r] / rateOld[r];
        }
        Arrays.sort(rateOld);
        Arrays.sort(rateNew);
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "%-38s old %,9.0f  new %,9.0f texts/CPU-s (medians)  new/old %.2f (median of %d rounds; quartiles %.2f-%.2f)%n",
                name, rateOld[rounds / 2], rateNew[rounds / 2], ratio[rounds / 2], rounds, ratio[rounds / 4], ratio[3 * rounds / 4]);
    }

    /** About 0.5 s of this thread's CPU time; returns texts per CPU-second. */
    private static double slice(Build b, String[] texts, Op op, int[] cursor, int which) throws Throwable {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long done = 0;
        long sink = 0;
        int i = cursor[which];
        while (THREADS.getCurrentThreadCpuTime() - cpu0 < 500_000_000L) {
            for (int k = 0; k < 500; k++) {
                sink += op.apply(b, texts[i]);
                if (++i == texts.length) {
                    i = 0;
                }
            }
            done += 500;
        }
        cursor[which] = i;
        double rate = done / ((THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9);
        return sink == Long.MIN_VALUE ? -rate : rate;
    }

    private SentimentCompareBench() {}
}
