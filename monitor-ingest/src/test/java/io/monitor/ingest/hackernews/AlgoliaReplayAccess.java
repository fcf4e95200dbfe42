package io.monitor.ingest.hackernews;

import io.monitor.ingest.testing.ReplayServer;

/** Lets tests outside this package use the Algolia replay (real hits plus derived copies). */
public final class AlgoliaReplayAccess {
    private final AlgoliaReplay replay = new AlgoliaReplay();

    public void addReal() {
        replay.hits.add(AlgoliaReplay.STORY);
        replay.hits.add(AlgoliaReplay.COMMENT);
    }

    /** Adds a DERIVED copy of the real story hit. */
    public void addDerived(String objectId, long createdAtI) {
        replay.hits.add(AlgoliaReplay.derived(AlgoliaReplay.STORY, objectId, createdAtI));
    }

    public ReplayServer.Handler handler() {
        return replay;
    }
}
