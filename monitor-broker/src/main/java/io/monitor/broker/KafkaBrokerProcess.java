package io.monitor.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The same single-node KRaft broker as {@link EmbeddedKafkaBroker}, in a child JVM ({@link EmbeddedKafkaBrokerMain}
 * on this JVM's classpath), so that fault tests can kill it hard and start it again on the same directory and port:
 *
 * <pre>{@code
 * try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(dir, 0)) {
 *     ... produce to broker.bootstrapServers() ...
 *     broker.kill();      // SIGKILL: no clean shutdown, like a crashed machine
 *     broker.restart();   // same directory, same port; Kafka recovers its logs
 * }
 * }</pre>
 *
 * The child keeps its own heap and GC (default {@code -Xms128m -Xmx512m}), writes its output to
 * {@code dataDir/broker-process.log}, and exits by itself if this JVM dies (it watches its standard input).
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);
    static final String LOG_FILE = "broker-process.log";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> DEFAULT_JVM_ARGS = List.of("-Xms128m", "-Xmx512m");

    private final Path dataDir;
    private final int port;
    private final List<String> jvmArgs;
    private final Object lock = new Object();
    private Process process; // guarded by lock
    private String readyLine;
    private Thread shutdownHook;

    private KafkaBrokerProcess(Path dataDir, int port, List<String> jvmArgs) {
        this.dataDir = dataDir;
        this.port = port;
        this.jvmArgs = List.copyOf(jvmArgs);
    }

    /** Starts a broker process on {@code 127.0.0.1:port} (0 = a free port, kept for restarts). */
    public static KafkaBrokerProcess start(Path dataDir, int port) {
        return start(dataDir, port, DEFAULT_JVM_ARGS);
    }

    /** As {@link #start(Path, int)} with the child's JVM options (heap, GC), e.g. {@code List.of("-Xmx1g")}. */
    public static KafkaBrokerProcess start(Path dataDir, int port, List<String> jvmArgs) {
        int p = port == 0 ? EmbeddedKafkaBroker.freePort(EmbeddedKafkaBroker.DEFAULT_HOST) : port;
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dataDir.toAbsolutePath().normalize(), p, jvmArgs);
        broker.startProcess();
        return broker;
    }

    public String bootstrapServers() {
        return EmbeddedKafkaBroker.DEFAULT_HOST + ":" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    /** The child's "READY ..." line: bootstrap address, start-up time, heap after GC, cluster id. */
    public String readyLine() {
        synchronized (lock) {
            return readyLine;
        }
    }

    public boolean isAlive() {
        synchronized (lock) {
            return process != null && process.isAlive();
        }
    }

    /** The child's process id, or -1 when it is not running. */
    public long pid() {
        synchronized (lock) {
            return process != null && process.isAlive() ? process.pid() : -1;
        }
    }

    /** SIGKILL: the broker gets no chance to flush or shut down. Returns when the process is gone. */
    public void kill() {
        synchronized (lock) {
            if (process != null) {
                process.destroyForcibly();
                waitFor(process, STOP_TIMEOUT);
                process = null;
            }
        }
    }

    /** SIGTERM: a clean shutdown (the child's shutdown hook closes the broker); SIGKILL after 30 s. */
    public void stop() {
        synchronized (lock) {
            if (process != null) {
                process.destroy();
                if (!waitFor(process, STOP_TIMEOUT)) {
                    LOG.warn("Kafka broker process {} did not stop within {} s: killing it", process.pid(),
                            STOP_TIMEOUT.toSeconds());
                    process.destroyForcibly();
                    waitFor(process, STOP_TIMEOUT);
                }
                process = null;
            }
        }
    }

    /** Starts the broker again on the same directory and port (stops it cleanly first if it still runs). */
    public void restart() {
        synchronized (lock) {
            stop();
            startProcess();
        }
    }

    @Override
    public void close() {
        stop();
        synchronized (lock) {
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook is running or has run
                }
                shutdownHook = null;
            }
        }
    }

    private void startProcess() {
        synchronized (lock) {
            EmbeddedKafkaBroker.checkPortFree(EmbeddedKafkaBroker.DEFAULT_HOST, port);
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmArgs);
            cmd.add("-D" + EmbeddedKafkaBrokerMain.EXIT_WITH_PARENT + "=true");
            cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel="
                    + System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(EmbeddedKafkaBrokerMain.class.getName());
            cmd.add(dataDir.toString());
            cmd.add(String.valueOf(port));
            Path logFile = dataDir.resolve(LOG_FILE);
            Process p;
            try {
                Files.createDirectories(dataDir);
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the Kafka broker process: " + e.getMessage(), e);
            }
            CompletableFuture<String> ready = new CompletableFuture<>();
            Deque<String> tail = new ArrayDeque<>();
            Thread pump = new Thread(() -> pump(p, logFile, ready, tail), "kafka-broker-process-output");
            pump.setDaemon(true);
            pump.start();
            String line;
            try {
                line = ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                p.destroyForcibly();
                throw new IllegalStateException("Kafka broker process did not start: " + lastLines(tail)
                        + " (see " + logFile + ")", e);
            }
            if (!line.startsWith("READY ")) {
                waitFor(p, STOP_TIMEOUT);
                throw line.contains(" is in use: pass --kafka-port")
                        ? new PortInUseException(port, null)
                        : new IllegalStateException("Kafka broker process failed: " + line.substring(
                                Math.min(line.length(), "FAILED ".length())) + " (see " + logFile + ")");
            }
            process = p;
            readyLine = line;
            if (shutdownHook == null) {
                shutdownHook = new Thread(this::stop, "kafka-broker-process-stop");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            LOG.info("Kafka broker process {} {}", p.pid(), line);
        }
    }

    /** Copies the child's output to the log file and completes {@code ready} with its READY or FAILED line. */
    private static void pump(Process p, Path logFile, CompletableFuture<String> ready, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            out.write("--- broker process " + p.pid() + "\n");
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 5) {
                        tail.removeFirst();
                    }
                }
                if (line.startsWith("READY ") || line.startsWith("FAILED ")) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the process exited"));
    }

    private static String lastLines(Deque<String> tail) {
        synchronized (tail) {
            return tail.isEmpty() ? "no output" : String.join(" | ", tail);
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "KafkaBrokerProcess[" + bootstrapServers() + ", " + dataDir + ", pid " + pid() + "]";
    }
}
