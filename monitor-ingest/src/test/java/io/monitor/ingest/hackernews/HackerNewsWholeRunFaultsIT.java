package io.monitor.ingest.hackernews;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.monitor.broker.junit.SharedKafka;
import io.monitor.core.config.SourceSettings;
import io.monitor.core.kafka.TopicAdmin;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.ConnectorHealth;
import io.monitor.core.model.DeadLetter;
import io.monitor.core.model.Mention;
import io.monitor.ingest.SeenWindowCursor;
import io.monitor.ingest.SourceContext;
import io.monitor.ingest.http.HttpFetcher;
import io.monitor.ingest.testing.FaultRun;
import io.monitor.ingest.testing.ReplayServer;
import io.monitor.ingest.testing.TopicReader;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Hacker News connector (a polling REST connector with a cursor) over a whole run against a local Algolia that
 * misbehaves on a seeded random schedule (at most two failed fetches in a row), on a real broker through the real runner, publisher and Kafka cursor store.
 *
 * <p>Timeline: 60 posts (DERIVED from the two recorded Algolia hits: same payloads, new objectIDs and times) appear
 * on the server over about four seconds, 25 per page. About a third of the requests fail: the connection dropped
 * mid-response, a stall longer than the fetcher's timeout, 429 with {@code Retry-After: 1}, a burst of two 5xx, or a
 * 200 whose body is not a search result; at most two in a row. Now and then Kafka's acknowledgement of a batch is
 * "lost" ({@link FaultRun.FlakyAcks}). Halfway, the ingest process stops and a new one resumes from the cursor in
 * Kafka. Then: every post is on {@code monitor.mentions.raw}, exactly once plus one copy per lost acknowledgement
 * (the design is at-least-once with downstream dedup by key); no cursor was stored before its mentions were
 * acknowledged; the runner never gave up; every garbage page is a dead letter with the reason; each 429's
 * Retry-After was honoured. Seed: {@code -Dfaults.seed=N} (default 42).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HackerNewsWholeRunFaultsIT {
    private static final int POSTS = 60;
    private static final String GARBAGE = "<html><body>502 Bad Gateway (served as 200 by a broken proxy)</body></html>";

    private static final String RESTART = "(ingest restarted)";

    /** What the server did with one request, in order. */
    private record Served(long nanos, String what) {
    }

    @Test
    void givenDropsStallsRateLimitsServerErrorsAndGarbagePages_whenAWholeRunIsIngested_thenEveryPostArrivesAndTheCursorNeverRunsAhead()
            throws Exception {
        long seed = Long.getLong("faults.seed", 42L);
        String bootstrap = SharedKafka.bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String sourceId = "hn-faults-" + run;

        AlgoliaReplay algolia = new AlgoliaReplay();
        List<Served> served = new java.util.concurrent.CopyOnWriteArrayList<>();
        Random faults = new Random(seed);
        // The runner counts failed fetches, and one fetch reads up to three pages: the schedule fails at most two
        // fetches in a row (a garbage page is a successful fetch: it is dead-lettered), so that with lost
        // acknowledgements in between the runner's five retries always suffice.
        int[] faultedFetchesInARow = {0};
        boolean[] fetchFaulted = {false};
        boolean[] burst = {false};
        List<Integer> firstKinds = new ArrayList<>(List.of(0, 1, 2, 3, 4));
        java.util.Collections.shuffle(firstKinds, faults);
        try (ReplayServer server = new ReplayServer(algolia)) {
            server.schedule(uri -> {
                synchronized (served) {
                    ReplayServer.Fault f = null;
                    String what = "ok";
                    boolean newFetch = "0".equals(ReplayServer.query(uri).get("page"));
                    if (newFetch) {
                        faultedFetchesInARow[0] = fetchFaulted[0] ? faultedFetchesInARow[0] + 1 : 0;
                        fetchFaulted[0] = false;
                    }
                    if (burst[0]) {
                        burst[0] = false;
                        f = new ReplayServer.Status(503, Map.of(), "upstream unavailable");
                        what = "503";
                    } else if (!served.isEmpty() && faultedFetchesInARow[0] < 2 && faults.nextDouble() < (firstKinds.isEmpty() ? 0.3 : 0.6)) {
                        // the first five faults play each kind once (seeded order), so every run covers them all
                        int kind = firstKinds.isEmpty() ? faults.nextInt(5) : firstKinds.remove(0);
                        switch (kind) {
                            case 0 -> { f = new ReplayServer.Drop(); what = "drop"; }
                            case 1 -> { f = new ReplayServer.Stall(Duration.ofSeconds(5)); what = "stall"; }
                            case 2 -> { f = new ReplayServer.Status(429, Map.of("Retry-After", "1"),
                                    "{\"message\":\"rate limited\"}"); what = "429"; }
                            case 3 -> { f = new ReplayServer.Status(500, Map.of(), "oops"); what = "500";
                                    burst[0] = faultedFetchesInARow[0] == 0; }
                            default -> { f = new ReplayServer.Status(200, Map.of("Content-Type", "application/json"),
                                    GARBAGE); what = "garbage"; }
                        }
                    }
                    fetchFaulted[0] |= f != null && !what.equals("garbage");
                    served.add(new Served(System.nanoTime(), what));
                    return f;
                }
            });

            SourceSettings s = new SourceSettings(sourceId, "hackernews", true, server.baseUrl(), Duration.ofMillis(200),
                    null, List.of(), Map.of("queries", "apple", "hitsPerPage", "25", "lookback", "1h"));
            Clock clock = Clock.systemUTC();
            // the fetcher gives up on a stalled answer after 2 s; the stalls last 5 s
            HttpFetcher fetcher = new HttpFetcher(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                    clock, Duration.ofSeconds(2));
            Set<String> expected = new HashSet<>();
            long base = Instant.now().getEpochSecond() - 120;
            List<ObjectNode> posts = new ArrayList<>();
            for (int i = 0; i < POSTS; i++) {
                String objectId = run + "-" + i;
                posts.add(AlgoliaReplay.derived(i % 2 == 0 ? AlgoliaReplay.STORY : AlgoliaReplay.COMMENT, objectId,
                        base + i));
                expected.add(HackerNewsConnector.PLATFORM + ":" + objectId);
            }

            try (TopicReader<String, Mention> raw = new TopicReader<>(bootstrap, Topics.MENTIONS_RAW);
                 TopicReader<String, ConnectorHealth> health = new TopicReader<>(bootstrap, Topics.CONNECTOR_HEALTH);
                 TopicReader<String, DeadLetter> dead = new TopicReader<>(bootstrap, Topics.DEAD_LETTERS)) {
                String prefix = HackerNewsConnector.PLATFORM + ":" + run + "-";
                // one FlakyAcks and one CheckedCursors for both processes, so the accounting spans the restart
                FaultRun.FlakyAcks acks = new FaultRun.FlakyAcks(seed, 0.4);
                FaultRun.CheckedCursors cursors = new FaultRun.CheckedCursors(acks,
                        HackerNewsWholeRunFaultsIT::keysOf);
                algolia.hits.addAll(posts.subList(0, 10));
                try (FaultRun.Process first = new FaultRun.Process(bootstrap,
                        new HackerNewsConnector(new SourceContext("ingest.sources[0]", s, List.of(), clock, fetcher)),
                        acks, cursors)) {
                    for (int i = 10; i < POSTS / 2; i += 5) {
                        Thread.sleep(300);
                        algolia.hits.addAll(posts.subList(i, i + 5));
                    }
                    raw.readUntil(r -> FaultRun.copies(r, prefix).size() >= POSTS / 3, Duration.ofSeconds(30));
                }
                served.add(new Served(System.nanoTime(), RESTART));
                try (FaultRun.Process second = new FaultRun.Process(bootstrap,
                        new HackerNewsConnector(new SourceContext("ingest.sources[0]", s, List.of(), clock, fetcher)),
                        acks, cursors)) {
                    for (int i = POSTS / 2; i < POSTS; i += 5) {
                        Thread.sleep(300);
                        algolia.hits.addAll(posts.subList(i, i + 5));
                    }
                    raw.readUntil(r -> FaultRun.copies(r, prefix).keySet().containsAll(expected), Duration.ofSeconds(45));
                    // a lost acknowledgement is retried: wait until every post was acknowledged, then see what came
                    acks.awaitAcked(expected, Duration.ofSeconds(30));
                    raw.readUntil(r -> acks.allCopiesIn(FaultRun.copies(r, prefix), expected), Duration.ofSeconds(15));
                    raw.readFor(Duration.ofSeconds(1)); // a duplicate would show by now
                }
                // every heartbeat up to the second process's last ("stopped"), so that a DOWN would be seen
                health.readUntil(r -> FaultRun.stops(r, sourceId) >= 2, Duration.ofSeconds(20));

                FaultRun.assertDelivered(expected, FaultRun.copies(raw.records, prefix), acks, cursors,
                        health.records, sourceId);
                Map<String, Long> kinds = served.stream().filter(x -> !x.what().equals(RESTART)).collect(Collectors.groupingBy(Served::what,
                        Collectors.counting()));
                System.out.printf("hn whole run (seed %d): %d requests %s, %d lost acks, %d cursors stored%n", seed,
                        served.size(), kinds, acks.lostBatches, cursors.saved.size());
                assertThat(kinds.keySet()).as("the schedule exercised every fault")
                        .contains("drop", "stall", "429", "500", "garbage", "ok");
                assertThat(acks.lostBatches).as("lost acknowledgements in this run").isPositive();
                // Every garbage page the connector read is a dead letter. Not every page served is read: the last
                // fetch before a process stop is cut short, and on a loaded machine the client may give up on an
                // answer (its timeout) before the server sent it; so at least one, at most one per page served.
                int garbage = kinds.get("garbage").intValue();
                System.out.println("hn whole run: served " + served.stream().map(Served::what).toList());
                dead.readUntil(r -> !FaultRun.deadLetters(r, sourceId).isEmpty(), Duration.ofSeconds(20));
                dead.readFor(Duration.ofMillis(500));
                List<DeadLetter> letters = FaultRun.deadLetters(dead.records, sourceId);
                assertThat(letters).as("dead letters of the %d garbage pages served", garbage)
                        .hasSizeBetween(1, garbage);
                assertThat(letters).allSatisfy(d -> {
                    assertThat(d.reason()).contains("is not a search result");
                    assertThat(d.value()).isEqualTo(GARBAGE);
                });
                for (int i = 0; i + 1 < served.size(); i++) {
                    if (served.get(i).what().equals("429") && !served.get(i + 1).what().equals(RESTART)) {
                        assertThat(served.get(i + 1).nanos() - served.get(i).nanos()).as("wait after a 429 with "
                                + "Retry-After: 1 (ns)").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
                    }
                }
            }
        }
    }

    /** The mention keys a Hacker News cursor counts as done. */
    static Set<String> keysOf(String cursor) {
        return SeenWindowCursor.parse(cursor, "seen", HackerNewsConnector.PLATFORM).seen().keySet().stream()
                .map(id -> HackerNewsConnector.PLATFORM + ":" + id).collect(Collectors.toSet());
    }
}
