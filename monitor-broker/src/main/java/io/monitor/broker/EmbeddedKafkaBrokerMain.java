package io.monitor.broker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedKafkaBroker} until the JVM is stopped (Ctrl-C, SIGTERM), and prints one line with the
 * bootstrap address, the start-up time and the heap after GC, for example:
 * {@code READY 127.0.0.1:9092 startup_ms=3900 heap_used_after_gc_mb=38 cluster=...}.
 *
 * <p>{@code java -cp <classpath> io.monitor.broker.EmbeddedKafkaBrokerMain <dataDir> [port (default 9092, 0 = free)]}.
 * {@link KafkaBrokerProcess} starts this class in a child JVM.
 */
public final class EmbeddedKafkaBrokerMain {
    /** System property: stop when standard input reaches end of file, i.e. when the parent process is gone. */
    static final String EXIT_WITH_PARENT = "monitor.broker.exitWithParent";

    private EmbeddedKafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: EmbeddedKafkaBrokerMain <dataDir> [port]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9092;
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(dir, port);
        } catch (RuntimeException e) {
            System.err.println("FAILED " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "embedded-kafka-shutdown"));
        if (Boolean.getBoolean(EXIT_WITH_PARENT)) {
            exitWhenStdinCloses();
        }
        System.out.println("READY " + broker.bootstrapServers() + " startup_ms=" + broker.startupTime().toMillis()
                + " heap_used_after_gc_mb=" + heapAfterGcMb() + " cluster=" + broker.clusterId());
        System.out.flush();
        stopped.await();
    }

    /** A broker started by a test JVM that died (even by SIGKILL) must not keep running: its stdin pipe closes. */
    private static void exitWhenStdinCloses() {
        Thread t = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent writes nothing; we only wait for end of file
                }
            } catch (java.io.IOException e) {
                // a broken pipe means the same: the parent is gone
            }
            System.exit(0);
        }, "exit-with-parent");
        t.setDaemon(true);
        t.start();
    }

    /** Heap in use after a full GC, in MiB: the broker's resident working set on the heap. */
    static long heapAfterGcMb() {
        System.gc();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed() / (1024 * 1024);
    }
}
