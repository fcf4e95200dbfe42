package io.monitor.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one node) running inside this JVM, built
 * from Kafka's own production classes: it writes {@code server.properties}, formats the log directory with
 * {@code kafka.tools.StorageTool} ({@code --ignore-formatted}, so an existing directory keeps its data and cluster id)
 * and starts {@code kafka.server.KafkaRaftServer}.
 *
 * <p>Layout of {@code dataDir} (the broker owns it; give it a directory of its own, e.g. {@code ./data/kafka}):
 * {@code server.properties} (rewritten on each start) and {@code logs/} (partitions, metadata log, meta.properties).
 *
 * <p>Usage:
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Path.of("data/kafka"), 9092)) {
 *     String bootstrap = broker.bootstrapServers(); // "127.0.0.1:9092"
 *     ...
 *     broker.restart();                             // same directory, same port, data kept
 * }
 * }</pre>
 * {@link #start} returns only when the broker answers Admin requests. {@link #close()} is idempotent, takes about a
 * second and may be called from a JVM shutdown hook ({@link #closeOnShutdown()}). To run one from the command line:
 * {@code java -cp ... io.monitor.broker.EmbeddedKafkaBrokerMain <dataDir> [port]}.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    /** Listen on the loopback interface only: a local broker has no authentication. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    static final String LOG_SUBDIR = "logs";
    static final String PROPERTIES_FILE = "server.properties";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final String host;
    private final int port;
    private final Map<String, String> overrides;
    private final Object lock = new Object();
    private KafkaRaftServer server; // guarded by lock; null when stopped
    private DirectoryLock dirLock;  // guarded by lock; held while the server runs
    private String clusterId;
    private Duration startupTime = Duration.ZERO;

    private EmbeddedKafkaBroker(Path dataDir, String host, int port, Map<String, String> overrides) {
        this.dataDir = dataDir;
        this.host = host;
        this.port = port;
        this.overrides = Map.copyOf(overrides);
    }

    /**
     * Starts a broker on {@code 127.0.0.1:port} with its data in {@code dataDir} (created if missing).
     *
     * @param port 0 picks a free port
     * @throws PortInUseException when the port is taken
     * @throws IllegalStateException when the broker cannot start (the message says why)
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, DEFAULT_HOST, Map.of());
    }

    /**
     * Starts a broker listening on {@code host:port}.
     *
     * @param host      interface to listen on ({@code 127.0.0.1} by default; {@code 0.0.0.0} exposes an
     *                  unauthenticated broker to the network and advertises {@code localhost})
     * @param overrides broker properties that replace or add to the defaults of {@link #serverProperties}
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port, String host, Map<String, String> overrides) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        int resolvedPort = port == 0 ? freePort(host) : port;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, host, resolvedPort, overrides);
        broker.startServer();
        return broker;
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return advertisedHost(host) + ":" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    /** The cluster id stored in the data directory (kept across restarts). */
    public String clusterId() {
        synchronized (lock) {
            return clusterId;
        }
    }

    /** Wall time of the last (re)start: formatting, broker start-up and the first successful Admin call. */
    public Duration startupTime() {
        synchronized (lock) {
            return startupTime;
        }
    }

    public boolean isRunning() {
        synchronized (lock) {
            return server != null;
        }
    }

    /** Stops the broker (if running) and starts it again on the same directory and port; the data is kept. */
    public void restart() {
        synchronized (lock) {
            stopServer();
            startServer();
        }
    }

    /** Registers a JVM shutdown hook that closes this broker (Ctrl-C, end of the test JVM). Returns this. */
    public EmbeddedKafkaBroker closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "embedded-kafka-shutdown"));
        return this;
    }

    /** Stops the broker cleanly; idempotent, safe from a shutdown hook and from several threads. */
    @Override
    public void close() {
        synchronized (lock) {
            stopServer();
        }
    }

    private void startServer() {
        synchronized (lock) {
            if (server != null) {
                return;
            }
            long t0 = System.nanoTime();
            // Our own lock first: Kafka locks the partition directories only after its controller has written to
            // the metadata log, so a second broker on a running broker's directory would corrupt it.
            DirectoryLock dl = DirectoryLock.acquire(dataDir);
            KafkaRaftServer s;
            String id;
            int controllerPort;
            try {
                checkPortFree(host, port);
                controllerPort = freePort(host);
                Path logDir = dataDir.resolve(LOG_SUBDIR);
                Map<String, String> props = serverProperties(logDir, host, port, controllerPort, overrides);
                Path propsFile = dataDir.resolve(PROPERTIES_FILE);
                try {
                    Files.createDirectories(logDir);
                    writeProperties(props, propsFile);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the Kafka configuration to " + propsFile + ": " + e,
                            e);
                }
                id = format(propsFile, logDir);
                s = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
                try {
                    s.startup();
                } catch (RuntimeException e) {
                    shutdownQuietly(s);
                    throw startupFailure(e);
                }
            } catch (RuntimeException e) {
                dl.close();
                throw e;
            }
            server = s;
            dirLock = dl;
            clusterId = id;
            try {
                awaitReady(bootstrapServers(), READY_TIMEOUT);
                awaitControllerRegistration(advertisedHost(host) + ":" + controllerPort, controllerPort);
            } catch (RuntimeException e) {
                stopServer();
                throw e;
            }
            startupTime = Duration.ofNanos(System.nanoTime() - t0);
            LOG.info("Kafka broker ready at {} (cluster {}, data {}) in {} ms", bootstrapServers(), id, dataDir,
                    startupTime.toMillis());
        }
    }

    private void stopServer() {
        KafkaRaftServer s = server;
        if (s == null) {
            return;
        }
        server = null;
        long t0 = System.nanoTime();
        boolean stopped = shutdownQuietly(s);
        if (stopped) {
            dirLock.close();
        } else {
            LOG.warn("Kafka broker at {} did not stop within {} s; its data directory {} stays locked in this JVM",
                    bootstrapServers(), SHUTDOWN_TIMEOUT.toSeconds(), dataDir);
        }
        dirLock = null;
        LOG.info("Kafka broker at {} stopped in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /**
     * Shuts the server down on a helper thread and waits at most {@link #SHUTDOWN_TIMEOUT}: a broker whose controller
     * died can wait minutes for its controlled shutdown, and a shutdown hook must not hang the JVM's exit.
     */
    private static boolean shutdownQuietly(KafkaRaftServer s) {
        Thread t = new Thread(() -> {
            try {
                s.shutdown();
                s.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warn("Kafka broker did not shut down cleanly: {}", e.toString(), e);
            }
        }, "embedded-kafka-stop");
        t.setDaemon(true);
        t.start();
        try {
            t.join(SHUTDOWN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    /**
     * The broker configuration: one node that is broker and controller, PLAINTEXT for clients, CONTROLLER for the
     * quorum, and the settings a single broker needs (replication factor 1 for internal topics, including the
     * transaction log, so idempotent and transactional producers and exactly-once Streams work).
     */
    static Map<String, String> serverProperties(Path logDir, String host, int port, int controllerPort,
                                                Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + advertisedHost(host) + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + advertisedHost(host) + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "4");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        // 50 partitions (the default) make the first consumer group and the first transaction take seconds.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // After a crash (SIGKILL, power loss) the restarted broker may register only once the dead incarnation's
        // session expired: 9 s by default. 5 s with a 1 s heartbeat keeps Kafka's ratio of five missed heartbeats.
        p.put("broker.session.timeout.ms", "5000");
        p.put("broker.heartbeat.interval.ms", "1000");
        // The default dedupe buffer (128 MiB) would take most of a small heap for compacting a few keys.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.putAll(overrides);
        return p;
    }

    /** Formats the log directory unless it is formatted already; returns the cluster id it carries. */
    private static String format(Path propsFile, Path logDir) {
        String existing = readClusterId(logDir);
        String id = existing != null ? existing : Uuid.randomUuid().toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(new String[] {"format", "--config", propsFile.toString(), "--cluster-id", id,
                "--ignore-formatted"}, ps);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot format the Kafka data directory " + logDir + ": " + e.getMessage()
                    + " " + out.toString(StandardCharsets.UTF_8).trim(), e);
        }
        if (rc != 0) {
            throw new IllegalStateException("cannot format the Kafka data directory " + logDir + " (exit code " + rc
                    + "): " + out.toString(StandardCharsets.UTF_8).trim());
        }
        String stored = readClusterId(logDir);
        return stored != null ? stored : id;
    }

    static String readClusterId(Path logDir) {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + meta + ": " + e, e);
        }
        return p.getProperty("cluster.id");
    }

    private static void writeProperties(Map<String, String> props, Path file) throws IOException {
        StringBuilder sb = new StringBuilder("# Written by io.monitor.broker.EmbeddedKafkaBroker on every start.\n");
        new TreeMap<>(props).forEach((k, v) -> sb.append(k).append('=').append(escape(v)).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\");
    }

    /** Blocks until the broker at {@code bootstrap} answers a describeCluster with at least one node. */
    static void awaitReady(String bootstrap, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            Exception last = null;
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("Kafka broker at " + bootstrap + " did not answer within "
                    + timeout.toSeconds() + " s" + (last == null ? "" : ": " + last), last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker at " + bootstrap, e);
        }
    }

    /**
     * Waits (best effort, at most 10 s) until the controller's registration of this start is in the metadata: a
     * broker closed while it is still in flight logs an ERROR with a stack trace (NotControllerException) that
     * alarms whoever reads the log, though nothing is wrong. The controller port changes on every start, so a
     * registration with the current port is this start's.
     */
    private static void awaitControllerRegistration(String controllerBootstrap, int controllerPort) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controllerBootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                            .anyMatch(n -> n.port() == controllerPort)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("controller registration not visible yet: {}", e.toString());
                }
                Thread.sleep(20);
            }
            LOG.debug("controller registration on port {} not visible after 10 s; continuing", controllerPort);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RuntimeException startupFailure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage());
            if (t instanceof BindException || msg.contains("failed to bind")) {
                return new PortInUseException(port, e);
            }
            if (msg.contains("Failed to acquire lock")) {
                return new IllegalStateException("the Kafka data directory " + dataDir
                        + " is in use by another broker: stop it or choose another data directory", e);
            }
        }
        return new IllegalStateException("Kafka broker on " + bootstrapServers() + " (data " + dataDir
                + ") failed to start: " + e.getMessage(), e);
    }

    static void checkPortFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            // Same option as Kafka's acceptor: a port in TIME_WAIT after our own restart counts as free.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new PortInUseException(port, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    static int freePort(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    static String advertisedHost(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) || host.isEmpty() ? "localhost" : host;
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", " + dataDir + (isRunning() ? "" : ", stopped") + "]";
    }
}
