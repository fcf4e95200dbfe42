package io.monitor.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One role of the {@code monitor} executable ({@code ingest}, {@code streams}, {@code api}) in a child JVM, started as
 * a user starts it ({@link MonitorApp} with the role's command line, on this test's classpath), so that a test can
 * SIGKILL it ({@link #kill()}: {@code Process.destroyForcibly()} is SIGKILL on Linux) or stop it with SIGTERM
 * ({@link #stop()}). Its output is kept in {@link #output} and appended to {@code log} (one file for every start of
 * the role, so a failure can be read afterwards). Every role serves {@code /health/ready} on its {@code --port} or
 * {@code api.port}; {@link #awaitReady} polls it.
 */
final class RoleProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String role;
    final int port;
    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();

    private RoleProcess(String role, int port, Process process) {
        this.role = role;
        this.port = port;
        this.process = process;
    }

    /**
     * Starts {@code monitor <role> <args>} with the extra environment {@code env}; {@code port} is the HTTP port the
     * role serves (passed by the caller in {@code args} or the configuration).
     */
    static RoleProcess start(String role, List<String> args, Map<String, String> env, int port, Path log) {
        List<String> all = new ArrayList<>(List.of(role));
        all.addAll(args);
        return start(role, MonitorApp.class, all, env, port, log);
    }

    /** As above with another main class (a test's variant of a role), named {@code role} in logs. */
    static RoleProcess start(String role, Class<?> main, List<String> args, Map<String, String> env, int port,
                             Path log) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RoleProcess r = new RoleProcess(role, port, p);
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                         StandardOpenOption.APPEND)) {
                out.write("---- " + role + " started (pid " + p.pid() + ")");
                out.newLine();
                String line;
                while ((line = in.readLine()) != null) {
                    r.output.add(line);
                    out.write(line);
                    out.newLine();
                    out.flush();
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, role + "-output");
        pump.setDaemon(true);
        pump.start();
        return r;
    }

    /** Waits until {@code /health/ready} answers 200; fails with the role's output when it exits or times out. */
    RoleProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(role + " exited with " + process.exitValue() + ":\n" + tail());
            }
            if (status("/health/ready") == 200) {
                return this;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(role + " not ready within " + timeout + ":\n" + tail());
    }

    /** The HTTP status of GET {@code path} on the role's port, -1 when it does not answer. */
    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL: no shutdown hook, no commit, no close; waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(role + " did not die on SIGKILL");
        }
    }

    /** SIGTERM (what Ctrl-C or an orchestrator sends), then SIGKILL after 20 s. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** The last 60 lines of output. */
    String tail() {
        List<String> o = List.copyOf(output);
        return String.join("\n", o.subList(Math.max(0, o.size() - 60), o.size()));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
