package io.monitor.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The crisis journal's keys and binary entries: exact round trips, and clear errors for what is not an entry. */
class CrisisJournalTest {
    @Test
    void aNegativeMentionRoundTripsWithEveryOptionalFieldPresentOrAbsent() {
        CrisisJournal.Negative full = new CrisisJournal.Negative(1_764_230_400_123L,
                "Nordbahn schon wieder kaputt – Ärger 😡 #stellwerk", "https://bsky.app/p/1", "bluesky",
                "eilmeldung.bsky.social", 500_000, true);
        CrisisJournal.Negative bare = new CrisisJournal.Negative(-5, "", null, null, null, 0, false);
        for (CrisisJournal.Negative n : new CrisisJournal.Negative[] {full, bare}) {
            byte[] bytes = CrisisJournal.negative(42, n);
            assertThat(bytes[0]).isEqualTo(CrisisJournal.VERSION);
            assertThat(CrisisJournal.epoch(bytes)).isEqualTo(42);
            assertThat(CrisisJournal.negative(bytes)).isEqualTo(n);
        }
        // compact: the fields and the text's UTF-8, no names
        assertThat(CrisisJournal.negative(0, full)).hasSize(1 + 8 + 8 + 8 + 1 + 4 * 4
                + full.text().getBytes(StandardCharsets.UTF_8).length + full.url().length() + full.platform().length()
                + full.author().length());
    }

    @Test
    void aCountRoundTripsWithItsEpoch() {
        byte[] bytes = CrisisJournal.count(7, 1_764_230_400_000L);
        assertThat(bytes).hasSize(17);
        assertThat(CrisisJournal.epoch(bytes)).isEqualTo(7);
        assertThat(CrisisJournal.count(bytes)).isEqualTo(1_764_230_400_000L);
    }

    @Test
    void keysNameTheBrandKindAndNumber() {
        String prefix = CrisisJournal.prefix("nord-bahn|x");
        assertThat(CrisisJournal.parse(CrisisJournal.negativeKey(prefix, 4095)))
                .isEqualTo(new CrisisJournal.Key("nord-bahn|x", CrisisJournal.NEGATIVE, 4095));
        assertThat(CrisisJournal.parse(CrisisJournal.volumeKey(prefix, 1_764_230_460_000L)))
                .isEqualTo(new CrisisJournal.Key("nord-bahn|x", CrisisJournal.VOLUME, 1_764_230_460_000L));
        assertThat(CrisisJournal.parse(CrisisJournal.firstSeenKey(prefix)))
                .isEqualTo(new CrisisJournal.Key("nord-bahn|x", CrisisJournal.FIRST_SEEN, 0));
        assertThat(CrisisJournal.parse("nordbahn")).isNull();
        assertThat(CrisisJournal.parse(prefix + "Q1")).isNull();
        assertThat(CrisisJournal.parse(prefix + "Nabc")).isNull();
        assertThat(CrisisJournal.parse(prefix)).isNull();
    }

    @Test
    void whatIsNotAnEntryOfThisVersionIsASerializationExceptionThatSaysWhy() {
        byte[] good = CrisisJournal.negative(3, new CrisisJournal.Negative(1, "kaputt", "u", "p", "a", 1, false));
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> CrisisJournal.epoch(otherVersion)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> CrisisJournal.negative(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cut off");
        assertThatThrownBy(() -> CrisisJournal.negative(Arrays.copyOf(good, good.length + 2)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("too many");
        assertThatThrownBy(() -> CrisisJournal.epoch(new byte[] {1, 2})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("2 bytes");
        assertThatThrownBy(() -> CrisisJournal.count(good)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("not 17");
        byte[] hugeLength = good.clone();
        hugeLength[26] = 0x7f; // the text's length
        assertThatThrownBy(() -> CrisisJournal.negative(hugeLength)).isInstanceOf(SerializationException.class);
    }
}
