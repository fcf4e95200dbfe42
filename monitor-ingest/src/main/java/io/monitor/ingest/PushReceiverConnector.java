package io.monitor.ingest;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.monitor.core.config.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Base of the connectors that receive mentions over HTTP (webhooks, pushes) instead of fetching them: an embedded
 * JDK {@link HttpServer} on {@code options.bind}/{@code options.port} at {@code options.path} hands each accepted
 * call to a {@link PushBuffer}; the runner's fetches drain it and acknowledge what Kafka stored, which is when the
 * caller gets its 2xx (see {@link #store}). The cursor is not durable: the sender keeps what was not acknowledged.
 *
 * <p>A subclass validates its settings first and calls {@link #listen} last in its constructor, so no request
 * reaches a half-built connector and a bad setting does not leave a port bound.
 */
public abstract class PushReceiverConnector extends SourceConnector {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int MAX_PER_FETCH = 200;

    /** How a submitted delivery ended for the caller waiting on it. */
    public enum Stored {
        /** Kafka acknowledged the delivery's mentions and rejects. */
        STORED,
        /** The buffer is full; nothing was queued. */
        BUSY,
        /** Queued, but not acknowledged in time (the caller should send again). */
        TIMED_OUT,
        /** The waiting thread was interrupted (shutting down). */
        INTERRUPTED
    }

    protected final PushBuffer buffer = new PushBuffer(10_000);
    private HttpServer server;

    protected PushReceiverConnector(SourceContext ctx, String platform) {
        super(ctx, platform);
    }

    /** Starts the HTTP server: {@code options.port} (default {@code defaultPort}), {@code options.path}. */
    protected final void listen(int defaultPort, String defaultPath, String threadName, HttpHandler handler) {
        int port = ctx.intOption("port", defaultPort, 0, 65535);
        try {
            server = HttpServer.create(new InetSocketAddress(ctx.option("bind", "0.0.0.0"), port), 0);
        } catch (IOException e) {
            throw new SettingsException(ctx.key() + ".options.port", "cannot listen on port " + port + ": " + e.getMessage());
        }
        server.createContext(ctx.option("path", defaultPath), handler);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The port actually bound (useful with {@code port: 0}). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Queues {@code d} and waits up to {@code wait} for Kafka to acknowledge it. */
    protected final Stored store(PushBuffer.Delivery d, Duration wait) {
        if (!buffer.submit(d)) {
            return Stored.BUSY;
        }
        try {
            d.acked().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return Stored.STORED;
        } catch (TimeoutException | ExecutionException e) {
            return Stored.TIMED_OUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Stored.INTERRUPTED;
        }
    }

    /** The request body, or null when it is longer than {@code max} bytes. */
    protected static byte[] readLimited(InputStream in, int max) throws IOException {
        byte[] b = in.readNBytes(max + 1);
        return b.length > max ? null : b;
    }

    @Override
    public final Duration pollInterval() {
        return POLL;
    }

    @Override
    public final boolean durableCursor() {
        return false; // push: the sender keeps what we did not acknowledge and delivers it again
    }

    @Override
    public final Batch fetch(String cursor) throws InterruptedException {
        return buffer.fetch(cursor, MAX_PER_FETCH);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            ((ExecutorService) server.getExecutor()).shutdownNow();
        }
        buffer.close();
    }
}
