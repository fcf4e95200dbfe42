package io.monitor.api.mentions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.monitor.core.model.Mention;
import io.monitor.core.model.Sentiment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-brand ring: bounded, de-duplicated, configured brands only, texts capped; the cursor round-trips. */
class MentionStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    private static Mention post(String id, Instant at, String text) {
        return new Mention(Mention.SCHEMA_VERSION, "bluesky", id, null, null, text, "de", at, at, null, null, null,
                null, List.of("acme-bahn"), new Sentiment(-0.5, Sentiment.Label.NEGATIVE, 0.8));
    }

    private static List<String> ids(MentionStore.Page p) {
        List<String> out = new ArrayList<>();
        p.mentions().forEach(m -> out.add(m.id()));
        return out;
    }

    @Test
    void aFullRingDropsTheOldestPostNotTheNewest() {
        MentionStore store = new MentionStore(List.of("acme-bahn"), 3);
        store.add("acme-bahn", post("p2", T0.plusSeconds(2), "x"));
        store.add("acme-bahn", post("p4", T0.plusSeconds(4), "x"));
        store.add("acme-bahn", post("p3", T0.plusSeconds(3), "x"));
        store.add("acme-bahn", post("p1", T0.plusSeconds(1), "late arrival, but the oldest post"));
        store.add("acme-bahn", post("p5", T0.plusSeconds(5), "x"));
        assertThat(store.size("acme-bahn")).isEqualTo(3);
        assertThat(ids(store.page("acme-bahn", MentionStore.Filter.ANY, null, 10))).containsExactly("p5", "p4", "p3");
    }

    @Test
    void theSamePostReadTwiceIsKeptOnceWithItsLatestCopy() {
        MentionStore store = new MentionStore(List.of("acme-bahn"), 10);
        store.add("acme-bahn", post("p1", T0, "first read"));
        store.add("acme-bahn", post("p1", T0, "read again after a consumer restart"));
        MentionStore.Page page = store.page("acme-bahn", MentionStore.Filter.ANY, null, 10);
        assertThat(ids(page)).containsExactly("p1");
        assertThat(page.mentions().get(0).text()).isEqualTo("read again after a consumer restart");
    }

    @Test
    void mentionsOfBrandsThatAreNotConfiguredAreNotStored() {
        MentionStore store = new MentionStore(List.of("acme-bahn"), 10);
        assertThat(store.add("someone-else", post("p1", T0, "x"))).isFalse();
        assertThat(store.add(null, post("p2", T0, "x"))).isFalse();
        assertThat(store.knows("someone-else")).isFalse();
        assertThat(store.size("acme-bahn")).isZero();
    }

    @Test
    void longTextsAreCutSoMemoryPerRingIsBounded() {
        MentionStore store = new MentionStore(List.of("acme-bahn"), 10);
        store.add("acme-bahn", post("p1", T0, "a".repeat(50_000)));
        String kept = store.page("acme-bahn", MentionStore.Filter.ANY, null, 1).mentions().get(0).text();
        assertThat(kept).hasSize(MentionStore.MAX_TEXT).endsWith("…");
    }

    @Test
    void cursorRoundTripsAndRejectsForeignTokens() {
        MentionCursor c = new MentionCursor(T0.plusNanos(123), 42);
        assertThat(MentionCursor.decode(c.encode())).isEqualTo(c);
        assertThat(c.encode()).matches("[A-Za-z0-9_-]+");
        assertThatThrownBy(() -> MentionCursor.decode("%%%")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MentionCursor.decode("bTE6eDp5OnQ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startUpLookBackCoversEveryRingWhenAllBrandsShareOnePartitionButStaysBounded() {
        assertThat(MentionFeed.lookBack(1000, 3)).isEqualTo(3000);
        assertThat(MentionFeed.lookBack(1000, 0)).isEqualTo(1000);
        assertThat(MentionFeed.lookBack(1000, 500)).isEqualTo(MentionFeed.MAX_LOOK_BACK);
    }

    @Test
    void aPostDatedInTheFutureIsOrderedByWhenWeReadItSoItCannotStayOnTop() {
        MentionStore store = new MentionStore(List.of("acme-bahn"), 10);
        Instant ingested = T0.plusSeconds(1);
        store.add("acme-bahn", new Mention(Mention.SCHEMA_VERSION, "x", "future", null, null, "clock ahead", "de",
                T0.plusSeconds(86_400), ingested, null, null, null, null, List.of(), null));
        store.add("acme-bahn", post("later", T0.plusSeconds(5), "x"));
        assertThat(ids(store.page("acme-bahn", MentionStore.Filter.ANY, null, 10))).containsExactly("later", "future");
    }
}
