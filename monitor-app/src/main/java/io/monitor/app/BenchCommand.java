package io.monitor.app;

import io.monitor.bench.LoadBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code monitor bench}: the load benchmark. The options belong to {@link LoadBench}, which prints them for
 * {@code monitor bench --help}.
 */
@Command(name = "bench",
        description = {"Produces realistic mentions at --rate to a broker (an embedded one unless --bootstrap-servers),",
                "runs the streams role and a pass-through reference on it, and writes a Markdown report: throughput,",
                "latency percentiles, lag, CPU, heap and crisis ingest-to-alert. `monitor bench --help` lists every option."})
final class BenchCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return LoadBench.run(args.toArray(String[]::new), System.out);
    }
}
