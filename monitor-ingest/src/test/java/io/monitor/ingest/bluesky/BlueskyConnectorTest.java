package io.monitor.ingest.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.model.Mention;
import io.monitor.ingest.Batch;
import io.monitor.ingest.FetchException;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlueskyConnectorTest {
    /** Brands chosen so that six of the eighteen recorded posts mention one of them. */
    static final List<BrandSettings> BRANDS = List.of(
            new BrandSettings("gov", "Government", "government AND NOT \"shutdown\"", List.of()),
            new BrandSettings("band", "Band", "band OR #HowToTellAiToShutUp", List.of()),
            new BrandSettings("usa", "America", "america", List.of()));
    /** The six matching posts (did/rkey) in recorded order, worked out from the fixture by hand. */
    static final List<String> EXPECTED = List.of(
            "did:plc:d3blkgynnwi3rp7vak25pfe3/3mptbyo7dms2m",
            "did:plc:tn3hni2jpphsgl6amfbb7ja6/3mptbypfywk2v",
            "did:plc:u4lmvw4wwzaql3z5kcf3r7h4/3mptbyospqk2i",
            "did:plc:u4lmvw4wwzaql3z5kcf3r7h4/3mptbyou7ls2i",
            "did:plc:u4lmvw4wwzaql3z5kcf3r7h4/3mptbyoumc22i",
            "did:plc:zcxfgub447re7p3vuvlw37wy/3mptbypjm6224");
    static final long LAST_TIME_US = 1783175888403568L;

    JetstreamReplay jetstream;
    final List<BlueskyConnector> open = new ArrayList<>();

    @BeforeEach
    void start() {
        jetstream = new JetstreamReplay();
        jetstream.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        open.forEach(BlueskyConnector::close);
        jetstream.stop(1000);
    }

    BlueskyConnector connector(Map<String, Object> options, String baseUrl) {
        Map<String, Object> o = new HashMap<>(Map.of("fetchWindow", "300ms"));
        o.putAll(options);
        SourceSettings s = new SourceSettings("bsky", "bluesky", true, baseUrl, null, null, List.of(), o);
        BlueskyConnector c = new BlueskyConnector(new SourceContext("ingest.sources[0]", s, BRANDS,
                Clock.systemUTC(), new HttpFetcher(Clock.systemUTC())));
        open.add(c);
        return c;
    }

    /** Fetches like the runner does (acknowledging every batch, retrying failures) until the cursor reaches t. */
    static String drain(BlueskyConnector c, String cursor, List<Mention> into, List<Batch.Rejected> rejected,
                        long untilTimeUs) throws InterruptedException {
        // frames may trickle in one per fetch on a busy machine: bound by time, not by the number of fetches
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try {
                Batch b = c.fetch(cursor);
                into.addAll(b.mentions());
                rejected.addAll(b.rejected());
                cursor = b.cursor();
                if (BlueskyConnector.parseCursor(cursor).t() >= untilTimeUs) {
                    return cursor;
                }
            } catch (FetchException e) {
                assertThat(e.retryable()).as(e.getMessage()).isTrue();
            }
        }
        throw new AssertionError("cursor never reached " + untilTimeUs + ": " + cursor);
    }

    @Test
    void givenTheRecordedStream_thenExactlyThePostsMentioningABrandArePublished_andTheCursorIsTheHighestTimeUs()
            throws Exception {
        List<Mention> got = new ArrayList<>();
        String cursor = drain(connector(Map.of(), jetstream.url()), null, got, new ArrayList<>(), LAST_TIME_US);

        assertThat(got).extracting(Mention::id).containsExactlyElementsOf(EXPECTED);
        assertThat(BlueskyConnector.parseCursor(cursor).t()).isEqualTo(LAST_TIME_US);
        assertThat(jetstream.handshakes).containsExactly("/subscribe?wantedCollections=app.bsky.feed.post");
        Mention reply = got.get(3);
        assertThat(reply.platform()).isEqualTo("bluesky");
        assertThat(reply.language()).isEqualTo("tr");
        assertThat(reply.replyTo()).startsWith("did:plc:").doesNotStartWith("at://");
        assertThat(reply.url()).isEqualTo("https://bsky.app/profile/did:plc:u4lmvw4wwzaql3z5kcf3r7h4/post/3mptbyou7ls2i");
        assertThat(reply.text()).startsWith("The government you're trying to get back at is one thing");
        assertThat(got.get(1).language()).isEqualTo("de");
        assertThat(got.get(1).text()).startsWith("#HowToTellAiToShutUp!");
    }

    @Test
    void givenTheConnectionDropsMidway_thenItReconnectsFromTheCursorRewoundAndEveryPostComesOnce() throws Exception {
        jetstream.dropFirstAfter = 50; // after the first two matching posts
        List<Mention> got = new ArrayList<>();
        drain(connector(Map.of(), jetstream.url()), null, got, new ArrayList<>(), LAST_TIME_US);

        assertThat(got).extracting(Mention::id).containsExactlyInAnyOrderElementsOf(EXPECTED)
                .doesNotHaveDuplicates();
        assertThat(jetstream.handshakes).hasSize(2);
        long resumedAt = Long.parseLong(jetstream.handshakes.get(1).replaceAll(".*cursor=", ""));
        long seenBeforeDrop = JetstreamReplay.FRAMES.subList(0, 50).stream().mapToLong(JetstreamReplay::timeUs).max()
                .orElseThrow();
        assertThat(resumedAt).isEqualTo(seenBeforeDrop - 5_000_000L); // rewound 5 s
    }

    @Test
    void givenARestartWithTheStoredCursor_thenTheNewInstanceContinuesWithoutGapsOrDuplicates() throws Exception {
        jetstream.stallAfter = 54; // the first connection goes silent after three matching posts
        List<Mention> before = new ArrayList<>();
        BlueskyConnector first = connector(Map.of(), jetstream.url());
        long stalledAt = JetstreamReplay.FRAMES.subList(0, 54).stream().mapToLong(JetstreamReplay::timeUs).max()
                .orElseThrow();
        String stored = drain(first, null, before, new ArrayList<>(), stalledAt);
        first.close();

        List<Mention> after = new ArrayList<>();
        drain(connector(Map.of(), jetstream.url()), stored, after, new ArrayList<>(), LAST_TIME_US);

        // frames arrive out of time order, so where exactly the first run stopped varies; together they are exact
        assertThat(before).isNotEmpty();
        assertThat(after).isNotEmpty();
        List<String> all = new ArrayList<>();
        before.forEach(m -> all.add(m.id()));
        after.forEach(m -> all.add(m.id()));
        assertThat(all).containsExactlyElementsOf(EXPECTED);
        assertThat(jetstream.handshakes.get(1)).contains("&cursor=" + (stalledAt - 5_000_000L));
    }

    @Test
    void givenABatchThatWasNotAcknowledged_thenTheNextFetchResumesFromTheOlderCursor() throws Exception {
        BlueskyConnector c = connector(Map.of(), jetstream.url());
        List<Mention> once = new ArrayList<>();
        drain(c, null, once, new ArrayList<>(), LAST_TIME_US);
        // the runner could not publish: it asks again from the cursor it had (none)
        List<Mention> again = new ArrayList<>();
        drain(c, null, again, new ArrayList<>(), LAST_TIME_US);
        assertThat(again).extracting(Mention::id).containsExactlyElementsOf(EXPECTED);
        assertThat(jetstream.handshakes).hasSize(2);
    }

    @Test
    void givenTheFirstHostIsDown_thenTheNextHostIsTried() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        BlueskyConnector c = connector(Map.of("hosts", List.of("ws://127.0.0.1:" + closedPort, jetstream.url())),
                null);
        assertThatThrownBy(() -> c.fetch(null)).isInstanceOfSatisfying(FetchException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("cannot connect to ws://127.0.0.1:" + closedPort);
        });
        List<Mention> got = new ArrayList<>();
        drain(c, null, got, new ArrayList<>(), LAST_TIME_US);
        assertThat(got).hasSize(6);
    }

    @Test
    void aGarbageFrameIsRejectedWithTheReasonAndTheStreamContinues() throws Exception {
        jetstream.extraFrames.add("{not json");
        List<Mention> got = new ArrayList<>();
        List<Batch.Rejected> rejected = new ArrayList<>();
        drain(connector(Map.of(), jetstream.url()), null, got, rejected, LAST_TIME_US);
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.raw()).isEqualTo("{not json");
            assertThat(r.reason()).contains("not JSON");
        });
        assertThat(got).hasSize(6);
    }
}
