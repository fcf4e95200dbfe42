package io.monitor.bench;

import io.monitor.core.model.Alert;
import io.monitor.ingest.demo.DemoGenerator;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Formats the phases of a run as a Markdown report. */
final class BenchReport {
    private BenchReport() {
    }

    static String markdown(BenchOptions o, String bootstrap, boolean embedded, RunInfo info, LoadBench.PhaseResult topology,
                           LoadBench.PhaseResult reference) {
        StringBuilder b = new StringBuilder();
        b.append("# monitor bench report").append(o.label() == null ? "" : ": " + o.label()).append("\n\n");
        b.append(String.format(Locale.ROOT, "- run: %s, %d cores, JVM max heap %d MB, Java %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version")));
        b.append("- git commit: ").append(info.commit).append('\n');
        b.append("- builds on the classpath: monitor-streams `").append(info.streamsBuild).append("`, monitor-sentiment `")
                .append(info.sentimentBuild).append("`\n");
        int cores = Runtime.getRuntime().availableProcessors();
        b.append("- machine load averages (1 / 5 / 15 min): at the start ").append(info.loadAtStart);
        if (info.loadAtPhase2 != null) {
            b.append(", before the pass-through phase ").append(info.loadAtPhase2);
        }
        b.append(", at the end ").append(info.loadAtEnd).append(String.format(Locale.ROOT,
                " (this machine has %d cores; the bench alone keeps about %d busy, so load well above that means other "
                        + "processes competed for the CPU and the figures are pessimistic)%n", cores, cores));
        if (!o.streamsConfig().isEmpty()) {
            b.append("- extra Streams properties (both phases): `").append(new TreeMap<>(o.streamsConfig())).append("`\n");
        }
        if (!o.producerConfig().isEmpty()) {
            b.append("- extra load-producer properties: `").append(new TreeMap<>(o.producerConfig())).append("`\n");
        }
        b.append("- broker: ").append(embedded ? "embedded in this JVM (its CPU counts as process CPU) at " : "")
                .append(bootstrap).append('\n');
        b.append("- JVM options: ").append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())).append('\n');
        b.append(String.format(Locale.ROOT, "- load: %.0f mentions/s for %s, %d brands, processing %s%n", o.rate(),
                o.duration(), o.brands(), o.exactlyOnce() ? "exactly_once_v2" : "at_least_once"));
        if (!o.ramp().isZero()) {
            b.append(String.format(Locale.ROOT, "- ramp: the background rate rises linearly from 0 to %.0f/s over the first %s "
                    + "of the phase (a warm system when the crises come; start-up under full load is a separate run)%n",
                    o.rate(), o.ramp()));
        }
        if (o.burst()) {
            b.append(String.format(Locale.ROOT, "- burst: x%.1f from %s for %s%n", o.burstFactor(), o.burstAt(), o.burstLength()));
        }
        if (o.crisisAt() != null) {
            b.append(String.format(Locale.ROOT, "- crisis: %.0f extra negative mentions/s about one brand from %s for %s%s%n",
                    o.effectiveCrisisRate(), o.crisisAt(), o.crisisLength(),
                    o.crisisEvery() == null ? "" : ", again every " + o.crisisEvery() + " (brand picked per episode)"));
        }
        b.append("\n## Summary\n\n");
        b.append("| | ").append(topology.name()).append(reference == null ? "" : " | " + reference.name() + " | ratio").append(" |\n");
        b.append("|---|---").append(reference == null ? "" : "|---|---").append("|\n");
        row(b, "mentions produced (acked)", n(topology.producer().acked()), reference == null ? null : n(reference.producer().acked()), null);
        row(b, "produced rate (incl. burst, crisis), mentions/s", f(producedRate(topology)), reference == null ? null : f(producedRate(reference)),
                reference == null ? null : ratio(producedRate(topology), producedRate(reference)));
        row(b, "records out (read_committed)", n(topology.stats().outTotal.get()),
                reference == null ? null : n(reference.stats().outTotal.get()), null);
        row(b, "sustained out rate, records/s", f(outRate(topology)), reference == null ? null : f(outRate(reference)),
                reference == null ? null : ratio(outRate(topology), outRate(reference)));
        row(b, "peak out rate (1 s), records/s", n(peakOut(topology)), reference == null ? null : n(peakOut(reference)), null);
        for (double q : new double[] {50, 90, 99, 99.9}) {
            row(b, "latency sent→out p" + trim(q) + ", ms", n(topology.stats().fromSend.getValueAtPercentile(q)),
                    reference == null ? null : n(reference.stats().fromSend.getValueAtPercentile(q)),
                    reference == null ? null : ratio(topology.stats().fromSend.getValueAtPercentile(q),
                            reference.stats().fromSend.getValueAtPercentile(q)));
        }
        for (double q : new double[] {50, 99}) {
            row(b, "after warm-up (sent after +" + LoadBench.warmup(o).toSeconds() + " s): sent→out p" + trim(q) + ", ms",
                    n(topology.stats().fromSendSteady.getValueAtPercentile(q)),
                    reference == null ? null : n(reference.stats().fromSendSteady.getValueAtPercentile(q)),
                    reference == null ? null : ratio(topology.stats().fromSendSteady.getValueAtPercentile(q),
                            reference.stats().fromSendSteady.getValueAtPercentile(q)));
        }
        row(b, "latency sent→out max, ms", n(topology.stats().fromSend.getMaxValue()),
                reference == null ? null : n(reference.stats().fromSend.getMaxValue()), null);
        row(b, "latency due→out p99, ms", n(topology.stats().fromDue.getValueAtPercentile(99)),
                reference == null ? null : n(reference.stats().fromDue.getValueAtPercentile(99)), null);
        row(b, "max consumer lag, records", n(maxLag(topology)), reference == null ? null : n(maxLag(reference)), null);
        row(b, "lag drained after producer stop", drain(topology), reference == null ? null : drain(reference), null);
        row(b, "process CPU mean / max (of all cores)", cpu(topology, false), reference == null ? null : cpu(reference, false), null);
        row(b, "system CPU mean", cpu(topology, true), reference == null ? null : cpu(reference, true), null);
        row(b, "heap used max, MB", n(heapMax(topology)), reference == null ? null : n(heapMax(reference)), null);
        b.append('\n');
        b.append("Latency \"sent→out\" runs from the producer's send call (header) to the record consumed from the output "
                + "topic with read_committed, so it includes the commit interval (1 s) under exactly-once. \"due→out\" "
                + "starts at the time the mention was due by the schedule (record timestamp) and so includes any "
                + "backlog of the producer itself. The sustained out rate is records out divided by the time from the "
                + "start of production to the last record out.\n");
        if (topology.producer().failed() > 0) {
            b.append("\n**Producer errors:** ").append(topology.producer().failed()).append(" sends failed, first: ")
                    .append(topology.producer().firstError()).append('\n');
        }

        b.append("\n## Crisis detection\n\n");
        crisis(b, o, topology);

        b.append("\n## Time series: ").append(topology.name()).append("\n\n");
        series(b, topology);
        if (reference != null) {
            b.append("\n## Time series: ").append(reference.name()).append("\n\n");
            series(b, reference);
        }
        b.append("\n## Verdict against the targets (20,000 mentions/s with exactly-once, p99 ingest-to-alert < 5 s)\n\n");
        boolean keptUp = topology.stats().drainedMs > 0
                && topology.stats().drainedMs - topology.stats().producerEndMs <= 10_000;
        b.append(String.format(Locale.ROOT, "- at %.0f mentions/s offered (base rate; bursts and crises add to the produced average): produced %.0f/s, out %.0f/s, %s%n", o.rate(),
                producedRate(topology), outRate(topology), keptUp ? "kept up (lag drained within 10 s of the end)"
                        : "did NOT keep up (lag not drained within 10 s of the end)"));
        b.append("- 20,000 mentions/s target: ").append(o.rate() >= 20_000 && keptUp && o.exactlyOnce() ? "reached in this run"
                : "not shown by this run").append('\n');
        return b.toString();
    }

    private static void crisis(StringBuilder b, BenchOptions o, LoadBench.PhaseResult t) {
        Map<String, Integer> firing = new TreeMap<>();
        for (Probes.SeenAlert a : t.alerts()) {
            if (a.alert().state() == Alert.State.FIRING) {
                firing.merge(a.alert().brand(), 1, Integer::sum);
            }
        }
        List<DemoGenerator.Episode> episodes = t.producer().episodes();
        if (episodes.isEmpty()) {
            b.append("No crisis injected (use --crisis-at).\n");
        } else {
            b.append("| episode | brand | first crisis mention sent | FIRING alert consumed | ingest-to-alert |\n|---|---|---|---|---|\n");
            List<Long> delays = new ArrayList<>();
            java.util.Set<String> used = new java.util.HashSet<>();
            for (DemoGenerator.Episode e : episodes) {
                long sent = t.producer().episodeFirstSentMs(e.index());
                if (sent < 0) {
                    b.append(String.format(Locale.ROOT, "| %d | `%s` | not sent (run ended) | | |%n", e.index(), e.brandId()));
                    continue;
                }
                // the first FIRING alert of this brand consumed after this episode began, not used by an earlier episode
                Probes.SeenAlert first = t.alerts().stream().filter(a -> e.brandId().equals(a.alert().brand())
                        && a.alert().state() == Alert.State.FIRING && a.consumedMs() >= sent
                        && !used.contains(a.consumedMs() + "/" + a.alert().fingerprint())).findFirst().orElse(null);
                if (first == null) {
                    boolean earlier = episodes.stream().anyMatch(x -> x.index() < e.index() && x.brandId().equals(e.brandId()));
                    b.append(String.format(Locale.ROOT, "| %d | `%s` | +%.1f s | %s | |%n", e.index(), e.brandId(),
                            (sent - t.stats().startMs) / 1000.0, earlier
                                    ? "none (this brand's alert from an earlier episode may still be active: it is not re-published)"
                                    : "**none consumed before the phase ended** (see the lag: the topology was behind)"));
                    continue;
                }
                used.add(first.consumedMs() + "/" + first.alert().fingerprint());
                long delay = first.consumedMs() - sent;
                delays.add(delay);
                b.append(String.format(Locale.ROOT, "| %d | `%s` | +%.1f s | +%.1f s, %s | **%,d ms** |%n", e.index(),
                        e.brandId(), (sent - t.stats().startMs) / 1000.0, (first.consumedMs() - t.stats().startMs) / 1000.0,
                        first.alert().severity(), delay));
            }
            b.append('\n');
            if (delays.isEmpty()) {
                b.append("- **no FIRING alert for a crisis brand was consumed**\n");
            } else {
                java.util.Collections.sort(delays);
                b.append(String.format(Locale.ROOT, "- ingest-to-alert (first crisis mention sent → FIRING alert consumed, "
                                + "read_committed) over %d episodes: **p50 %,d ms, p99 %,d ms**, min %,d ms, max %,d ms%s%n",
                        delays.size(), percentile(delays, 50), percentile(delays, 99), delays.get(0),
                        delays.get(delays.size() - 1), delays.size() < 100 ? " (p99 of fewer than 100 samples is the max)" : ""));
            }
            b.append(String.format(Locale.ROOT, "- crisis mentions sent: %,d%n", t.producer().crisisSent()));
        }
        b.append("- FIRING alert records per brand in this phase: ").append(firing.isEmpty() ? "none" : firing.toString()).append('\n');
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(List<Long> sorted, double q) {
        int rank = (int) Math.ceil(q / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static void series(StringBuilder b, LoadBench.PhaseResult t) {
        b.append("| t (s) | in/s | out/s | lag | process CPU | system CPU | heap MB |\n|---|---|---|---|---|---|---|\n");
        List<Stats.Sample> samples = List.copyOf(t.stats().samples);
        int step = Math.max(1, samples.size() / 40);
        for (int i = 0; i < samples.size(); i += step) {
            Stats.Sample s = samples.get(i);
            int sec = (int) s.second();
            b.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.0f%% | %.0f%% | %d |%n", sec,
                    t.stats().producedPerSecond.get(Math.max(0, sec - 1)), t.stats().outPerSecond.get(Math.max(0, sec - 1)),
                    s.lag(), 100 * s.processCpu(), 100 * s.systemCpu(), s.heapUsedMb()));
        }
    }

    static double producedRate(LoadBench.PhaseResult t) {
        double secs = (t.stats().producerEndMs - t.stats().startMs) / 1000.0;
        return secs <= 0 ? 0 : t.producer().acked() / secs;
    }

    static double outRate(LoadBench.PhaseResult t) {
        double secs = (t.stats().lastOutMs.get() - t.stats().startMs) / 1000.0;
        return secs <= 0 ? 0 : t.stats().outTotal.get() / secs;
    }

    private static long peakOut(LoadBench.PhaseResult t) {
        long max = 0;
        for (int i = 0; i < Stats.MAX_SECONDS; i++) {
            max = Math.max(max, t.stats().outPerSecond.get(i));
        }
        return max;
    }

    static long maxLag(LoadBench.PhaseResult t) {
        return t.stats().samples.stream().mapToLong(Stats.Sample::lag).max().orElse(-1);
    }

    private static long heapMax(LoadBench.PhaseResult t) {
        return t.stats().samples.stream().mapToLong(Stats.Sample::heapUsedMb).max().orElse(-1);
    }

    private static String cpu(LoadBench.PhaseResult t, boolean system) {
        var s = t.stats().samples.stream().mapToDouble(x -> system ? x.systemCpu() : x.processCpu()).filter(v -> v >= 0)
                .summaryStatistics();
        return s.getCount() == 0 ? "n/a" : system ? String.format(Locale.ROOT, "%.0f%%", 100 * s.getAverage())
                : String.format(Locale.ROOT, "%.0f%% / %.0f%%", 100 * s.getAverage(), 100 * s.getMax());
    }

    private static String drain(LoadBench.PhaseResult t) {
        return t.stats().drainedMs < 0 ? "no (timeout)"
                : String.format(Locale.ROOT, "%.1f s", (t.stats().drainedMs - t.stats().producerEndMs) / 1000.0);
    }

    private static void row(StringBuilder b, String name, String a, String r, String ratio) {
        b.append("| ").append(name).append(" | ").append(a);
        if (r != null) {
            b.append(" | ").append(r).append(" | ").append(ratio == null ? "" : ratio);
        }
        b.append(" |\n");
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String ratio(double a, double r) {
        return r <= 0 ? "" : String.format(Locale.ROOT, "%.2f", a / r);
    }

    private static String trim(double q) {
        return q == Math.rint(q) ? String.valueOf((long) q) : String.valueOf(q);
    }
}
