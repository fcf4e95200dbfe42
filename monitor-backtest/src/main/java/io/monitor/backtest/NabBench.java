package io.monitor.backtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The NAB benchmark: {@link SeriesDetector} with its one fixed configuration over every series of a NAB checkout, scored
 * with NAB's three profiles, printed beside NAB's scoreboard. Run from the repository root:
 * <pre>
 * cd monitor-backtest &amp;&amp; ../mvnw -q -o org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.mainClass=io.monitor.backtest.NabBench -Dexec.args=../../shared/data/nab
 * </pre>
 * The argument is a directory with NAB's {@code data/}, {@code labels/combined_windows.json} and
 * {@code config/profiles.json}.
 */
public final class NabBench {
    private NabBench() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: NabBench <NAB directory with data/, labels/combined_windows.json, config/profiles.json>");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        Path profiles = root.resolve("config/profiles.json");
        long start = System.nanoTime();
        try {
            NabBacktest.Outcome o = NabBacktest.run(root.resolve("data"), root.resolve("labels/combined_windows.json"),
                    Files.exists(profiles) ? profiles : null, null, System.out);
            System.out.printf(Locale.ROOT, "%n%d series detected and scored in %.1f s%n", o.files(),
                    (System.nanoTime() - start) / 1e9);
        } catch (BacktestException e) {
            System.err.println("bench failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
