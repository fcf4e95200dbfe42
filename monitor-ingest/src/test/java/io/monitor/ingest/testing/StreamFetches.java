package io.monitor.ingest.testing;

import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.Connector;
import io.monitor.ingest.FetchException;
import java.util.ArrayList;
import java.util.List;

/** Driving a streaming connector the way its runner does, for connector tests: fetch, acknowledge, repeat. */
public final class StreamFetches {
    private StreamFetches() {
    }

    /**
     * Fetches until {@code n} mentions came or {@code maxFetches} fetches were made (the stream is read in the
     * background), acknowledging every batch by passing its cursor to the next fetch; {@code cursor[0]} ends as the
     * last acknowledged cursor.
     */
    public static List<Mention> fetch(Connector c, String[] cursor, int n, int maxFetches) throws Exception {
        List<Mention> out = new ArrayList<>();
        for (int i = 0; i < maxFetches && out.size() < n; i++) {
            Batch b = c.fetch(cursor[0]);
            out.addAll(b.mentions());
            cursor[0] = b.cursor();
        }
        return out;
    }

    /** The FetchException the connector reports within 100 fetches from {@code cursor}; fails the test otherwise. */
    public static FetchException failure(Connector c, String cursor) {
        try {
            for (int i = 0; i < 100; i++) {
                c.fetch(cursor);
            }
        } catch (FetchException e) {
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the connector never reported the failure");
    }
}
