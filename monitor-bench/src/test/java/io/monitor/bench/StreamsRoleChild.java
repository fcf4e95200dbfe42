package io.monitor.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.MonitorSettings;
import io.monitor.streams.StreamsService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The streams role of {@link KnownRun} in a child JVM, so a test can kill it with SIGKILL: {@code main(bootstrap,
 * appId, stateDir)} starts {@link StreamsService}, prints {@code READY} once it is RUNNING, and exits when its
 * standard input closes (the test JVM is gone).
 */
final class StreamsRoleChild implements AutoCloseable {
    private final Process process;

    private StreamsRoleChild(Process process) {
        this.process = process;
    }

    public static void main(String[] args) throws Exception {
        MonitorSettings settings = new KnownRun().settings(args[0], Path.of(args[2]), args[1]);
        StreamsService streams = StreamsService.start(settings, args[0], new SimpleMeterRegistry());
        // a clean stop (stdin closed, or SIGTERM) leaves the group, so the next instance need not wait out the session
        Runtime.getRuntime().addShutdownHook(new Thread(streams::close, "streams-child-close"));
        while (!streams.isReady()) {
            Thread.sleep(100);
        }
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to go away
        }
        System.exit(0); // the shutdown hook closes Streams
    }

    /** Starts the child and returns once it printed READY (or fails after {@code timeout}). */
    static StreamsRoleChild start(String bootstrap, String appId, Path stateDir, Path log, Duration timeout) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), StreamsRoleChild.class.getName(), bootstrap, appId,
                stateDir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                         java.nio.file.StandardOpenOption.APPEND)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.equals("READY")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                ready.completeExceptionally(new IllegalStateException("the streams child exited; see " + log));
            }
        }, "streams-child-output");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
        return new StreamsRoleChild(p);
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A clean stop: closes the child's standard input, on which it closes Streams (leaving the group) and exits. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                process.destroy();
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
