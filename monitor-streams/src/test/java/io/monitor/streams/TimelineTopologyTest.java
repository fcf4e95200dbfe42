package io.monitor.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monitor.core.config.BrandSettings;
import io.monitor.core.config.MonitorSettings;
import io.monitor.core.kafka.Topics;
import io.monitor.core.model.Mention;
import io.monitor.core.model.TimelinePoint;
import io.monitor.core.model.TimelinePoint.Author;
import io.monitor.core.model.TimelinePoint.Count;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline aggregates of the real topology ({@link MonitorTopology#build}) on a known set of mentions with
 * explicit timestamps ({@code minute(6)} is 6 minutes after T0): exact figures per 1-minute, 5-minute and 1-hour
 * window, late mentions within {@code detection.allowedLateness} (5 minutes by default) counted at every size, and
 * retention bounding each store. The 5-minute and 1-hour windows are rolled up every 5 s of wall-clock time (and
 * every minute of stream time), so a test advances the driver's wall clock before reading them.
 */
class TimelineTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private static final String NORDBAHN = "nordbahn";
    private static final Duration M1 = Duration.ofMinutes(1);
    private static final Duration M5 = Duration.ofMinutes(5);
    private static final Duration H1 = Duration.ofHours(1);

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private StoreTimelineQuery timeline;
    private int seq;

    @BeforeEach
    void start() {
        MonitorSettings settings = MonitorSettings.defaults();
        settings = new MonitorSettings(settings.kafka(), List.of(
                new BrandSettings(NORDBAHN, "Nordbahn", "nordbahn OR #nordbahn", null),
                new BrandSettings("kaffeekult", "Kaffeekult", "kaffeekult", null)),
                settings.ingest(), settings.detection(), settings.sentiment(), settings.api(), settings.notifications());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "timeline-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Reads see the stores themselves: the record cache can still hold (bounded, until evicted) windows the store
        // has already expired, which would blur the retention test.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        driver = new TopologyTestDriver(MonitorTopology.build(settings, TestScorers.keywords(), TestScorers.german(),
                new SimpleMeterRegistry()), props, T0);
        raw = driver.createInputTopic(Topics.MENTIONS_RAW.name(), new StringSerializer(), new ByteArraySerializer());
        timeline = new StoreTimelineQuery(name -> driver.getWindowStore(name));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static Instant minute(double m) {
        return T0.plusMillis(Math.round(m * 60_000));
    }

    private void post(Instant at, String platform, String handle, long followers, long likes, String text) {
        String id = "p" + (++seq);
        Mention m = new Mention(Mention.SCHEMA_VERSION, platform, id, "https://example.org/" + id,
                new Mention.Author("id-" + handle, handle, null, followers), text, null, at, at,
                new Mention.Engagement(likes, 0, 0, 0), null, null, null, null, null);
        raw.pipeInput(m.key(), Topics.MENTION_SERDE.toBytes(m), at);
    }

    private void rollUp() {
        driver.advanceWallClockTime(Duration.ofSeconds(5));
    }

    private TimelinePoint only(Duration window, Instant from, Instant to) {
        List<TimelinePoint> points = timeline.timeline(NORDBAHN, window, from, to);
        assertThat(points).hasSize(1);
        return points.get(0);
    }

    /** Minute 0: three mentions, minute 2: one, minute 6: one (the next 5-minute window, the same hour). */
    private void knownMentions() {
        post(minute(0.1), "bluesky", "anna", 1000, 2, "Nordbahn kaputt, Weiche defekt #Stellwerk");
        post(minute(0.4), "bluesky", "anna", 1000, 3, "Nordbahn wieder kaputt #stellwerk");
        post(minute(0.8), "mastodon", "ben", 20, 1, "Nordbahn super Service");
        post(minute(2.5), "bluesky", "carl", 0, 0, "Mit der Nordbahn nach Kiel #nordbahn");
        post(minute(6.2), "bluesky", "dora", 5, 0, "Nordbahn kaputt in Kiel");
    }

    @Test
    void knownMentionsGiveExactFiguresPerMinuteFiveMinutesAndHour() {
        knownMentions();
        rollUp();

        TimelinePoint m0 = only(M1, minute(0), minute(1));
        assertThat(m0.windowEnd()).isEqualTo(minute(1));
        assertThat(List.of(m0.volume(), m0.negative(), m0.neutral(), m0.positive())).containsExactly(3L, 2L, 0L, 1L);
        assertThat(m0.meanSentiment()).isCloseTo((-0.8 - 0.8 + 0.7) / 3, within(1e-9));
        assertThat(m0.reach()).isEqualTo(2020);
        assertThat(m0.engagement()).isEqualTo(6);
        assertThat(m0.uniqueAuthors()).isEqualTo(2);
        assertThat(m0.topTerms()).containsExactly(new Count("nordbahn", 3), new Count("kaputt", 2), new Count("defekt", 1),
                new Count("service", 1), new Count("super", 1), new Count("weiche", 1));
        assertThat(m0.topHashtags()).containsExactly(new Count("stellwerk", 2));
        assertThat(m0.topAuthors()).containsExactly(new Author("anna", "bluesky", 2, 1000), new Author("ben", "mastodon", 1, 20));
        assertThat(timeline.timeline(NORDBAHN, M1, minute(0), minute(10))).extracting(TimelinePoint::windowStart)
                .containsExactly(minute(0), minute(2), minute(6));

        TimelinePoint f0 = only(M5, minute(0), minute(5));
        assertThat(f0.windowStart()).isEqualTo(minute(0));
        assertThat(f0.windowEnd()).isEqualTo(minute(5));
        assertThat(List.of(f0.volume(), f0.negative(), f0.neutral(), f0.positive())).containsExactly(4L, 2L, 1L, 1L);
        assertThat(f0.reach()).isEqualTo(2020);
        assertThat(f0.uniqueAuthors()).isEqualTo(3);
        assertThat(f0.topTerms()).containsExactly(new Count("nordbahn", 4), new Count("kaputt", 2), new Count("defekt", 1),
                new Count("kiel", 1), new Count("service", 1), new Count("super", 1), new Count("weiche", 1));
        assertThat(f0.topHashtags()).containsExactly(new Count("stellwerk", 2), new Count("nordbahn", 1));
        assertThat(timeline.timeline(NORDBAHN, M5, minute(0), minute(60))).extracting(TimelinePoint::windowStart)
                .containsExactly(minute(0), minute(5));

        TimelinePoint h0 = only(H1, minute(0), minute(60));
        assertThat(h0.windowEnd()).isEqualTo(minute(60));
        assertThat(List.of(h0.volume(), h0.negative(), h0.neutral(), h0.positive())).containsExactly(5L, 3L, 1L, 1L);
        assertThat(h0.meanSentiment()).isCloseTo((-0.8 * 3 + 0.7) / 5, within(1e-9));
        assertThat(h0.reach()).isEqualTo(2025);
        assertThat(h0.engagement()).isEqualTo(6);
        assertThat(h0.uniqueAuthors()).isEqualTo(4);
        assertThat(h0.topTerms()).startsWith(new Count("nordbahn", 5), new Count("kaputt", 3), new Count("kiel", 2));
        assertThat(h0.topAuthors()).containsExactly(new Author("anna", "bluesky", 2, 1000), new Author("ben", "mastodon", 1, 20),
                new Author("dora", "bluesky", 1, 5), new Author("carl", "bluesky", 1, 0));
        assertThat(timeline.timeline("kaffeekult", H1, minute(0), minute(60))).isEmpty();
    }

    @Test
    void aLateMentionWithinTheAllowedLatenessIsCountedInEveryWindowSizeAndOneBeyondItInNone() {
        knownMentions();                                  // stream time 6.2
        rollUp();
        assertThat(only(M5, minute(0), minute(5)).volume()).isEqualTo(4);
        post(minute(3.5), "mastodon", "ben", 20, 4, "Weiche kaputt, Nordbahn steht");   // 2.7 minutes late
        rollUp();
        TimelinePoint f0 = only(M5, minute(0), minute(5));
        assertThat(f0.volume()).isEqualTo(5);
        assertThat(f0.negative()).isEqualTo(3);
        assertThat(f0.reach()).isEqualTo(2040);
        assertThat(f0.engagement()).isEqualTo(10);
        assertThat(f0.uniqueAuthors()).as("ben again").isEqualTo(3);
        assertThat(f0.topTerms()).startsWith(new Count("nordbahn", 5), new Count("kaputt", 3), new Count("weiche", 2));
        assertThat(f0.topAuthors().get(1)).isEqualTo(new Author("ben", "mastodon", 2, 20));
        assertThat(only(M1, minute(3), minute(4)).volume()).isEqualTo(1);
        assertThat(only(H1, minute(0), minute(60)).volume()).isEqualTo(6);

        post(minute(12), "bluesky", "eve", 1, 0, "Nordbahn fährt");          // stream time 12: [0.5, ...) closed at 6
        post(minute(0.5), "bluesky", "late", 1, 0, "Nordbahn kaputt");       // 11.5 minutes late: not counted
        rollUp();
        assertThat(only(M1, minute(0), minute(1)).volume()).isEqualTo(3);
        assertThat(only(M5, minute(0), minute(5)).volume()).isEqualTo(5);
        assertThat(only(H1, minute(0), minute(60)).volume()).as("with eve, without the too-late one").isEqualTo(7);
    }

    @Test
    void retentionBoundsEachStore() {
        knownMentions();
        rollUp();
        // 25 hours later: the 1-minute windows (detection.stateRetention, 24 h) are gone, the others stay
        post(minute(25 * 60), "bluesky", "eve", 1, 0, "Nordbahn fährt");
        rollUp();
        assertThat(timeline.timeline(NORDBAHN, M1, minute(0), minute(60))).isEmpty();
        assertThat(only(M5, minute(0), minute(5)).volume()).isEqualTo(4);
        assertThat(only(H1, minute(0), minute(60)).volume()).isEqualTo(5);
        // 8 days later: the 5-minute windows (7 days) are gone too
        post(minute(8 * 24 * 60), "bluesky", "eve", 1, 0, "Nordbahn fährt");
        rollUp();
        assertThat(timeline.timeline(NORDBAHN, M5, minute(0), minute(60))).isEmpty();
        assertThat(only(H1, minute(0), minute(60)).volume()).isEqualTo(5);
        // 36 days later: the hours (35 days) as well; the newest of each size is there
        post(minute(36 * 24 * 60), "bluesky", "eve", 1, 0, "Nordbahn fährt");
        rollUp();
        assertThat(timeline.timeline(NORDBAHN, H1, minute(0), minute(60))).isEmpty();
        Instant last = minute(36 * 24 * 60);
        assertThat(only(M1, last, last.plus(M1)).volume()).isEqualTo(1);
        assertThat(only(M5, last, last.plus(M5)).volume()).isEqualTo(1);
        assertThat(only(H1, last, last.plus(H1)).volume()).isEqualTo(1);
    }

    @Test
    void anUnknownWindowSizeIsRefusedNamingTheAllowedOnes() {
        assertThatThrownBy(() -> timeline.timeline(NORDBAHN, Duration.ofMinutes(2), minute(0), minute(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window 2m is not served").hasMessageContaining("1m, 5m, 1h");
    }
}
