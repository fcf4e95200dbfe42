package io.monitor.api.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.monitor.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Fans incident changes out to Server-Sent-Events clients.
 *
 * <p>Every change gets an id {@code <epoch>-<seq>}: {@code seq} grows by one per change, {@code epoch} identifies this
 * server run, so an id from before a restart is recognised as such. The last {@code replaySize} events are kept; a
 * client that reconnects with {@code Last-Event-ID} gets every event after it, or, when that id is older than the
 * buffer or from another run, one {@code reset} event telling it to reload the incident list.
 *
 * <p>Each client has its own bounded queue, drained by its own thread (the HTTP exchange thread) in
 * {@link #serve}. Publishing only offers to queues, never blocks: a client whose queue is full is too slow and is
 * dropped (its stream ends; the browser reconnects with Last-Event-ID), so one slow reader cannot slow the others.
 */
public final class IncidentStream implements Consumer<IncidentChange> {

    /** One SSE event, already serialized. */
    public record Event(long seq, String id, String name, String data) {
        byte[] wire() {
            StringBuilder sb = new StringBuilder();
            if (id != null) {
                sb.append("id: ").append(id).append('\n');
            }
            sb.append("event: ").append(name).append('\n');
            for (String line : data.split("\n", -1)) {
                sb.append("data: ").append(line).append('\n');
            }
            return sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A connected client: its queue and whether it was dropped. */
    public static final class Client {
        private final BlockingQueue<Event> queue;
        private volatile String dropReason;

        Client(int capacity) {
            this.queue = new ArrayBlockingQueue<>(capacity);
        }

        public String dropReason() {
            return dropReason;
        }

        /** The next event, or null after {@code timeout} (time for a keep-alive) or when dropped. */
        public Event next(Duration timeout) throws InterruptedException {
            return dropReason != null ? null : queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        void drop(String reason) {
            dropReason = reason;
            queue.clear();
            queue.offer(POISON);
        }
    }

    private static final Event POISON = new Event(-1, null, "poison", "");

    private final String epoch = Long.toString(System.currentTimeMillis(), 36)
            + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1296), 36);
    private final ArrayDeque<Event> replay = new ArrayDeque<>();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final int replaySize;
    private final int clientQueueSize;
    private final int maxClients;
    private final Counter dropped;
    private final Counter published;
    private long seq;

    public IncidentStream(int replaySize, int clientQueueSize, int maxClients, MeterRegistry meters) {
        this.replaySize = replaySize;
        this.clientQueueSize = clientQueueSize;
        this.maxClients = maxClients;
        this.dropped = Counter.builder("monitor.api.sse.dropped")
                .description("SSE clients dropped because they did not keep up").register(meters);
        this.published = Counter.builder("monitor.api.sse.events").description("incident changes published on SSE")
                .register(meters);
        Gauge.builder("monitor.api.sse.clients", clients, Set::size).description("connected SSE clients")
                .register(meters);
    }

    @Override
    public synchronized void accept(IncidentChange change) {
        seq++;
        String data;
        try {
            data = Json.MAPPER.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize incident change", e);
        }
        Event ev = new Event(seq, epoch + "-" + seq, "incident", data);
        replay.addLast(ev);
        while (replay.size() > replaySize) {
            replay.removeFirst();
        }
        published.increment();
        for (Client c : clients) {
            if (c.dropReason == null && !c.queue.offer(ev)) {
                c.drop("did not keep up: more than " + clientQueueSize + " events waiting");
                clients.remove(c);
                dropped.increment();
            }
        }
    }

    /** The id of the newest event, to hand to a client that loads the list now and streams afterwards. */
    public synchronized String lastEventId() {
        return epoch + "-" + seq;
    }

    /**
     * Registers a client. Events after {@code lastEventId} are queued first (or a {@code reset}); registration and
     * replay happen under the same lock as publishing, so nothing falls between them. Returns null when the server
     * already holds {@code maxClients} streams.
     */
    public synchronized Client subscribe(String lastEventId) {
        if (clients.size() >= maxClients) {
            return null;
        }
        List<Event> missed = new ArrayList<>();
        boolean reset = false;
        if (lastEventId != null && !lastEventId.isBlank()) {
            long last = parseSeq(lastEventId.trim());
            long oldest = replay.isEmpty() ? seq + 1 : replay.peekFirst().seq();
            if (last < 0 || last > seq || last < oldest - 1) {
                reset = true;
            } else {
                for (Event e : replay) {
                    if (e.seq() > last) {
                        missed.add(e);
                    }
                }
            }
        }
        Client c = new Client(Math.max(clientQueueSize, missed.size() + 1) + 1);
        if (reset) {
            c.queue.offer(new Event(seq, lastEventId(), "reset",
                    "{\"reason\":\"missed events are no longer available; reload the incident list\"}"));
        }
        missed.forEach(c.queue::offer);
        clients.add(c);
        return c;
    }

    public void unsubscribe(Client c) {
        clients.remove(c);
    }

    public int clientCount() {
        return clients.size();
    }

    /** Ends every stream (server shutdown). */
    public void closeAll() {
        for (Client c : clients) {
            c.drop("server is shutting down");
        }
        clients.clear();
    }

    /**
     * Writes a client's events to {@code out} until it disconnects, is dropped, or the thread is interrupted; a
     * comment line every {@code keepAlive} keeps proxies from closing an idle stream.
     */
    public void serve(Client c, OutputStream out, Duration keepAlive) throws IOException {
        try {
            out.write(("retry: 3000\n: connected " + lastEventId() + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!Thread.currentThread().isInterrupted()) {
                Event e = c.next(keepAlive);
                if (c.dropReason != null || e == POISON) {
                    break;
                }
                out.write(e == null ? ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8) : e.wire());
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            unsubscribe(c);
        }
    }

    /** The sequence number of an id of this run, -1 when it is from another run or not ours. */
    private long parseSeq(String id) {
        int dash = id.lastIndexOf('-');
        if (dash < 0 || !id.substring(0, dash).equals(epoch)) {
            return -1;
        }
        try {
            return Long.parseLong(id.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
