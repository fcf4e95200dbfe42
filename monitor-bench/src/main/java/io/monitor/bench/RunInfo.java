package io.monitor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What a report must say about the circumstances of a run, so that figures from a shared machine can be judged: the git
 * commit (and how many tracked files differed from it), which builds of the streams and sentiment code were on the
 * classpath, and the machine's load averages during the run.
 */
final class RunInfo {
    final String commit;
    final String streamsBuild;
    final String sentimentBuild;
    final String loadAtStart;
    volatile String loadAtPhase2;
    volatile String loadAtEnd;

    private RunInfo(String commit, String streamsBuild, String sentimentBuild, String loadAtStart) {
        this.commit = commit;
        this.streamsBuild = streamsBuild;
        this.sentimentBuild = sentimentBuild;
        this.loadAtStart = loadAtStart;
    }

    static RunInfo atStart() {
        return new RunInfo(gitCommit(), location("io.monitor.streams.StreamsService"),
                location("io.monitor.sentiment.LanguageDetectors"), loadAverages());
    }

    /** "1-min 5-min 15-min" load averages (Linux /proc/loadavg), else the JVM's 1-min figure. */
    static String loadAverages() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f (1-min)", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** HEAD of the git work tree around the current directory, with the count of modified tracked files; or why not. */
    static String gitCommit() {
        String head = git("rev-parse", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown (no git work tree here)";
        }
        String status = git("status", "--porcelain", "--untracked-files=no");
        long modified = status == null ? -1 : status.lines().filter(l -> !l.isBlank()).count();
        return head.strip() + (modified > 0 ? " plus " + modified + " modified tracked files (uncommitted work)"
                : modified == 0 ? " (clean)" : "");
    }

    private static String git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The jar or classes directory a class was loaded from. */
    static String location(String className) {
        try {
            Class<?> c = Class.forName(className, false, RunInfo.class.getClassLoader());
            var source = c.getProtectionDomain().getCodeSource();
            return source == null ? "unknown" : Path.of(source.getLocation().toURI()).toString();
        } catch (ReflectiveOperationException | java.net.URISyntaxException | RuntimeException e) {
            return "not on the classpath";
        }
    }
}
