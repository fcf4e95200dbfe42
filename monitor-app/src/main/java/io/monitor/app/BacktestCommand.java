package io.monitor.app;

import io.monitor.backtest.BacktestCli;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code monitor backtest}: the detectors on NAB series, or the real topology on recorded mentions. The options
 * belong to {@link BacktestCli}, which prints them for {@code monitor backtest --help}.
 */
@Command(name = "backtest",
        description = {"Replays data through the detectors: `backtest nab` scores the series detector on NAB files,",
                "`backtest mentions` runs recorded mentions through the real topology and lists the incidents it",
                "would have raised. `monitor backtest --help` explains every option."})
final class BacktestCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return BacktestCli.run(args.toArray(String[]::new), System.out, System.err);
    }
}
