package io.monitor.ingest;

import io.monitor.core.model.Mention;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands pushed deliveries (webhook calls, HTTP pushes) to a {@link ConnectorRunner} and tells each caller when its
 * mentions were acknowledged by Kafka, so an HTTP endpoint answers 2xx only for stored data.
 *
 * <p>Protocol: {@link #fetch} returns a batch whose cursor is a fresh sequence token. The runner passes the cursor of
 * its last acknowledged batch to the next {@link #fetch}: if that is the token of the batch in flight, the batch is
 * acknowledged and its callers' futures complete; otherwise (publishing failed) the same batch is returned again.
 * One runner thread calls {@link #fetch}; any thread may {@link #submit}.
 */
public final class PushBuffer {
    private final BlockingQueue<Delivery> queue;
    private long seq;
    private InFlight inFlight;

    public PushBuffer(int capacity) {
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    /** One call's mentions and rejects; {@code acked} completes once they are in Kafka. */
    public record Delivery(List<Mention> mentions, List<Batch.Rejected> rejected, CompletableFuture<Void> acked) {
        public Delivery(List<Mention> mentions, List<Batch.Rejected> rejected) {
            this(List.copyOf(mentions), List.copyOf(rejected), new CompletableFuture<>());
        }
    }

    private record InFlight(String cursor, Batch batch, List<CompletableFuture<Void>> acks) {
    }

    /** Queues a delivery; false when the buffer is full (answer 503 and let the sender retry). */
    public boolean submit(Delivery d) {
        return queue.offer(d);
    }

    public Batch fetch(String cursor, long waitMillis) throws InterruptedException {
        if (inFlight != null) {
            if (inFlight.cursor().equals(cursor)) {
                inFlight.acks().forEach(a -> a.complete(null));
                inFlight = null;
            } else {
                return inFlight.batch();
            }
        }
        List<Delivery> deliveries = new ArrayList<>();
        Delivery first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return Batch.of(List.of(), null);
        }
        deliveries.add(first);
        queue.drainTo(deliveries, 999);
        List<Mention> mentions = new ArrayList<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (Delivery d : deliveries) {
            mentions.addAll(d.mentions());
            rejected.addAll(d.rejected());
            acks.add(d.acked());
        }
        String next = "delivery-" + (++seq);
        Batch b = new Batch(mentions, rejected, next, false, null);
        inFlight = new InFlight(next, b, acks);
        return b;
    }

    /** Fails every waiting caller (they answer 503; the sender delivers again later). */
    public void close() {
        Delivery d;
        while ((d = queue.poll()) != null) {
            d.acked().completeExceptionally(new IllegalStateException("stopped"));
        }
        InFlight f = inFlight;
        if (f != null) {
            f.acks().forEach(a -> a.completeExceptionally(new IllegalStateException("stopped")));
        }
    }
}
