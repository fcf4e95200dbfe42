package io.monitor.ingest.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Pieces of the local streaming-API stand-ins (Mastodon SSE, X filtered stream): a server whose handlers may hold a
 * connection open, and the loop that writes what a test puts into a queue to one open stream.
 */
public final class LiveStreams {
    /** Queue item: the server closes this connection (a dropped stream). */
    public static final String DROP = "__drop__";
    /** Queue item: the server keeps this connection open and silent until it is closed (a stalled stream). */
    public static final String STALL = "__stall__";

    private LiveStreams() {
    }

    /** A started server on 127.0.0.1 (free port) with a cached pool of daemon threads named {@code threadName}. */
    public static HttpServer server(String threadName, Map<String, HttpHandler> contexts) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }));
        contexts.forEach(server::createContext);
        server.start();
        return server;
    }

    /**
     * Answers 200 with {@code contentType} and writes each item of {@code items} as {@code frame(item)} until
     * {@link #DROP} (the connection closes), the client goes away or {@code closed} turns true; after {@link #STALL}
     * nothing more is written ({@code probeWhileStalled}: an empty write every 50 ms notices a client that left).
     */
    public static void pump(HttpExchange ex, String contentType, BlockingQueue<String> items,
            UnaryOperator<String> frame, BooleanSupplier closed, boolean probeWhileStalled) throws IOException {
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        try {
            boolean stalled = false;
            while (!closed.getAsBoolean()) {
                if (stalled) {
                    // keep the connection open and silent until the client goes away or the server stops
                    Thread.sleep(50);
                    if (probeWhileStalled) {
                        out.write(new byte[0]);
                    }
                    continue;
                }
                String item = items.poll(50, TimeUnit.MILLISECONDS);
                if (item == null) {
                    continue;
                }
                if (item.equals(DROP)) {
                    return;
                }
                if (item.equals(STALL)) {
                    stalled = true;
                    continue;
                }
                out.write(frame.apply(item).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientWentAway) {
            // the connector closed the connection: nothing to do
        } finally {
            ex.close();
        }
    }
}
