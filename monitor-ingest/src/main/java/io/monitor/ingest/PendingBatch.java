package io.monitor.ingest;

/**
 * The last batch a streaming connector handed out, held until the runner's next fetch shows that Kafka acknowledged
 * it (the runner passes the cursor of its last acknowledged batch). A stream cannot be read again, so a batch whose
 * publishing failed is handed out again exactly as it was. Used by one runner thread only.
 */
public final class PendingBatch {
    private Batch pending;

    /** The held batch when {@code cursor} is not its cursor (it was not acknowledged); otherwise null, releasing it. */
    public Batch unacknowledged(String cursor) {
        if (pending == null) {
            return null;
        }
        if (!pending.cursor().equals(cursor)) {
            return pending;
        }
        pending = null;
        return null;
    }

    /** Returns {@code b}, holding it until acknowledged when it carries mentions or rejects. */
    public Batch handOut(Batch b) {
        if (!b.mentions().isEmpty() || !b.rejected().isEmpty()) {
            pending = b;
        }
        return b;
    }
}
