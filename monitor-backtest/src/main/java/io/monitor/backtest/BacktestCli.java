package io.monitor.backtest;

import io.monitor.core.config.MonitorSettings;
import io.monitor.core.config.SettingsException;
import io.monitor.core.config.SettingsLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The logic behind {@code monitor backtest}: {@link #run(String[], PrintStream, PrintStream)} takes the arguments after
 * {@code backtest} and returns the exit code (0 ok, 1 bad input, 2 usage). Run standalone with
 * {@code java -cp ... io.monitor.backtest.BacktestCli nab --data ../shared/data/nab/data --labels ...}.
 */
public final class BacktestCli {
    public static final String HELP = """
            Usage: monitor backtest nab --data <dir|file.csv> [--labels combined_windows.json] [--profiles profiles.json] [--out <dir>]
                                        [--detector series|topology]
                   monitor backtest mentions --input mentions.jsonl --config monitor.yaml

              nab       Runs the series detector online over NAB-format CSVs (timestamp,value): each row's anomaly
                        score uses only the rows up to it. --out writes timestamp,value,anomaly_score per row (same
                        relative paths). With --labels (NAB's combined_windows.json) prints the NAB score per profile
                        (standard, reward_low_FP_rate, reward_low_FN_rate, or those of --profiles), per file and per
                        category, normalised as NAB does, with the threshold that maximises the summed raw score.
                        --detector series (default): the backtest's series detector (point, level and seasonal
                        baselines plus a slow sliding-mean level, each calibrated on its own history, first alarm
                        of an episode only); topology: the live topology's
                        volume-spike rule (monitor-streams NegativeSpikeDetector + SeasonalProfile), each row one
                        window, its value mapped to a count (2 x value / running median of |value|); score >= 0.5
                        exactly where the product would open an incident (notify).
              mentions  Replays a JSONL file of mentions (one Mention JSON per line, as on monitor.mentions.raw; the
                        record time is createdAt) through the real topology with the brands and detection settings of
                        --config, and prints the alerts it would have raised. Bad lines are reported and skipped.

            Exit codes: 0 done (skipped mention lines are listed on stderr), 1 unreadable input or config, 2 usage error.
            """;

    private BacktestCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(HELP);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        Map<String, String> opts;
        try {
            opts = options(args, command.equals("nab") ? Set.of("--data", "--labels", "--profiles", "--out", "--detector")
                    : Set.of("--input", "--config"));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(HELP);
            return 2;
        }
        if (opts.containsKey("--help")) {
            out.print(HELP);
            return 0;
        }
        try {
            switch (command) {
                case "nab" -> {
                    String data = require(opts, "--data");
                    NabBacktest.Detector detector;
                    try {
                        detector = NabBacktest.Detector.parse(opts.getOrDefault("--detector", "series"));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                    NabBacktest.run(Path.of(data), path(opts.get("--labels")), path(opts.get("--profiles")),
                            path(opts.get("--out")), detector, out);
                    return 0;
                }
                case "mentions" -> {
                    Path input = Path.of(require(opts, "--input"));
                    MonitorSettings settings = SettingsLoader.load(Path.of(require(opts, "--config")));
                    // Bad lines are reported on err and skipped; the replay itself succeeded.
                    MentionsBacktest.run(input, settings, out, err);
                    return 0;
                }
                default -> {
                    err.println("unknown backtest '" + command + "': expected nab or mentions");
                    err.print(HELP);
                    return 2;
                }
            }
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.print(HELP);
            return 2;
        } catch (BacktestException e) {
            err.println("backtest failed: " + e.getMessage());
            return 1;
        } catch (SettingsException e) {
            err.println("bad configuration: " + e.getMessage());
            return 1;
        }
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }

    private static String require(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new UsageException("missing " + name);
        }
        return v;
    }

    private static Map<String, String> options(String[] args, Set<String> allowed) {
        Map<String, String> m = new HashMap<>();
        List<String> rest = List.of(args).subList(1, args.length);
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                m.put("--help", "");
                continue;
            }
            String name = a;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else if (i + 1 < rest.size()) {
                value = rest.get(++i);
            } else {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name + " for " + args[0] + " (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            m.put(name, value);
        }
        return m;
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
