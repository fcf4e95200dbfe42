package io.monitor.ingest.bluesky;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A local Jetstream: on every connection it sends the recorded frames (one per line of the fixture), in recorded
 * order, skipping those older than the {@code cursor} query parameter, like Jetstream's replay. Faults: close the
 * first connection after {@link #dropFirstAfter} frames; stop sending (stay open, silent) after {@link #stallAfter}.
 */
final class JetstreamReplay extends WebSocketServer {
    static final List<String> FRAMES = load();

    final List<String> handshakes = new CopyOnWriteArrayList<>();
    final List<String> extraFrames = new CopyOnWriteArrayList<>();
    volatile int dropFirstAfter = -1;
    volatile int stallAfter = -1;
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch started = new CountDownLatch(1);

    JetstreamReplay() {
        super(new InetSocketAddress("127.0.0.1", 0));
        setReuseAddr(true);
    }

    static List<String> load() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(JetstreamReplay.class.getClassLoader()
                .getResourceAsStream("fixtures/bluesky/jetstream_v1_expected.jsonl"), StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long timeUs(String frame) {
        int i = frame.indexOf("\"time_us\":");
        int j = i + "\"time_us\":".length();
        int k = j;
        while (k < frame.length() && Character.isDigit(frame.charAt(k))) {
            k++;
        }
        return i < 0 ? 0 : Long.parseLong(frame.substring(j, k));
    }

    String url() throws InterruptedException {
        started.await(10, TimeUnit.SECONDS);
        return "ws://127.0.0.1:" + getPort();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        String resource = handshake.getResourceDescriptor();
        handshakes.add(resource);
        long cursor = 0;
        int c = resource.indexOf("cursor=");
        if (c >= 0) {
            cursor = Long.parseLong(resource.substring(c + 7).replaceAll("&.*", ""));
        }
        boolean first = connections.getAndIncrement() == 0;
        int sent = 0;
        for (String f : extraFrames) {
            conn.send(f);
        }
        for (String f : FRAMES) {
            if (timeUs(f) < cursor) {
                continue;
            }
            if (first && dropFirstAfter >= 0 && sent == dropFirstAfter) {
                // abrupt close (no close frame) once the frames sent so far are on the wire
                new Thread(() -> {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    conn.closeConnection(1006, "dropped by the test");
                }).start();
                return;
            }
            if (first && stallAfter >= 0 && sent == stallAfter) {
                return;
            }
            conn.send(f);
            sent++;
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
