package io.monitor.streams.topology;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.monitor.streams.detect.BurstCounter;
import io.monitor.streams.detect.DuplicateClusters;
import io.monitor.streams.detect.IncidentState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;

/**
 * What {@link CrisisProcessor} keeps per brand (plain data for JSON, bounded): mention counts per silence bucket,
 * term and near-duplicate counts with their baselines, the near-duplicate clusters, the last negative posts (for
 * samples and top authors), and the open incidents of the silence, outage, emerging-term, copy-paste and
 * high-reach rules.
 */
public final class CrisisState {
    static final int RECENT = 20;

    /** Event time (ms) of the brand's first mention seen. */
    public long firstSeen = Long.MAX_VALUE;
    /** Silence bucket start (ms) → mentions. */
    public TreeMap<Long, Long> volume = new TreeMap<>();
    public BurstCounter terms = new BurstCounter();
    public BurstCounter copies = new BurstCounter();
    public DuplicateClusters clusters = new DuplicateClusters();
    /** The last {@value #RECENT} negative posts, oldest first. */
    public List<Post> recent = new ArrayList<>();
    /** Open incidents: key = rule, or rule + "|" + author for the high-reach rule. */
    public HashMap<String, IncidentState> incidents = new HashMap<>();
    /** The silence baseline an open silence or outage incident started with (null when none is open). */
    public Double silenceExpected;
    public Double silenceVariance;
    public int silenceWindows;
    /** Event time (ms) an ingest problem last explained this brand's quiet; null if never. */
    public Long lastIngestProblem;
    /**
     * The snapshot's number in the brand's sequence of snapshots: the journal entries written after it carry it, so
     * that a load replays exactly those ({@link CrisisJournal}).
     */
    public long epoch;
    /** Negative-mention slots of the journal that may still hold an entry (of this or an earlier epoch). */
    public int journalSlots;

    // Journal bookkeeping of the current epoch, rebuilt by a load (not part of the JSON).
    /** Negative mentions journaled in this epoch (the next slot). */
    @JsonIgnore
    transient int slot;
    /** Silence bucket → mentions journaled in it in this epoch. */
    @JsonIgnore
    transient HashMap<Long, Long> epochVolume;
    /** {@link CrisisJournal#prefix} of the brand, computed once. */
    @JsonIgnore
    transient String journalPrefix;

    /** A negative post kept for explanations. */
    public record Post(long at, String text, String url, String platform, String author, long followers) {
    }

    void remember(Post p) {
        recent.add(p);
        if (recent.size() > RECENT) {
            recent.remove(0);
        }
    }
}
