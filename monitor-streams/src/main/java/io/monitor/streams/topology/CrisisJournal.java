package io.monitor.streams.topology;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The crisis rules' write-ahead journal: the keys and the compact binary values of the store
 * {@link io.monitor.streams.MonitorTopology#CRISIS_JOURNAL_STORE}, which holds what {@link CrisisProcessor} changed in a
 * brand's {@link CrisisState} since the state's last snapshot.
 *
 * <p>Why: the processor keeps each brand's state in memory and writes the snapshot ({@code brand-crisis-state}, JSON)
 * only at each {@code detection.advance} tick, while offsets are committed every commit interval. Without the journal
 * a crash between two ticks lost the crisis memory of mentions whose offsets were already committed (a high-reach
 * incident whose FIRING alert was already published was never resolved; term and copy counts were short). The journal
 * store is cached, so what it gets reaches RocksDB and the changelog in the same exactly-once transaction as the
 * offsets of the mentions it describes.
 *
 * <p>Each snapshot carries an epoch ({@link CrisisState#epoch}); every entry carries the epoch of the snapshot it
 * follows. On load: the snapshot, then the entries of its epoch (the others are stale and ignored, so a snapshot needs
 * no tombstone per entry). Keys (brand ids hold no NUL):
 * <ul>
 *   <li>{@code brand NUL 'N' slot}: one negative mention, {@code slot} = its index in the epoch (keys are reused from
 *       one epoch to the next; a brand with {@code capacity} of them in one epoch is snapshotted early);</li>
 *   <li>{@code brand NUL 'V' bucket}: the mentions in that silence bucket since the epoch began (the record cache
 *       folds the per-mention updates to about one write per bucket and commit; deleted at the next snapshot);</li>
 *   <li>{@code brand NUL 'F'}: the brand's first event time, written only when it moves back.</li>
 * </ul>
 * Values: version byte ({@value #VERSION}), epoch (8 bytes), then per kind: N: time, followers (8 bytes each), flags
 * (repost, url, platform, author present), text, then url, platform and author when present, each string as its
 * UTF-8 length (4 bytes) and bytes; V: count (8 bytes); F: time (8 bytes).
 *
 * <p>What a replay does not redo exactly: a tick that found a brand unchanged rolled its panes into the baselines
 * without writing a snapshot (as before the journal); after a crash the next tick rolls them again, equal up to
 * floating-point rounding, and a mention older than such an unwritten roll is counted in its pane on replay where
 * the live run had dropped it as too late. A replayed high-reach post is judged by the planned events in force at
 * the replay. Negative slots of a brand that is never snapshotted again stay in the store (at most
 * {@value #CAPACITY}); a snapshot deletes up to {@value #CLEANUP_PER_SNAPSHOT} slots above the ones still in use.
 * Crash tests: {@code CrisisJournalReplayTest}, {@code CrisisStateSurvivesKillIT} (monitor-app).
 */
final class CrisisJournal {
    static final byte VERSION = 1;
    static final char SEP = '\u0000';
    static final char NEGATIVE = 'N';
    static final char VOLUME = 'V';
    static final char FIRST_SEEN = 'F';
    /** Negative mentions journaled per brand and epoch before the brand's state is snapshotted early. */
    static final int CAPACITY = 4096;
    /** Stale negative slots above the ones in use deleted per snapshot (so a storm's slots go away gradually). */
    static final int CLEANUP_PER_SNAPSHOT = 64;

    private static final int REPOST = 1;
    private static final int URL = 2;
    private static final int PLATFORM = 4;
    private static final int AUTHOR = 8;

    private CrisisJournal() {
    }

    /** A negative mention as {@link CrisisProcessor} needs it to redo its work. */
    record Negative(long time, String text, String url, String platform, String author, long followers, boolean repost) {
    }

    /** The start of every key of {@code brand}'s journal. */
    static String prefix(String brand) {
        return brand + SEP;
    }

    static String negativeKey(String prefix, int slot) {
        return prefix + NEGATIVE + slot;
    }

    static String volumeKey(String prefix, long bucket) {
        return prefix + VOLUME + bucket;
    }

    static String firstSeenKey(String prefix) {
        return prefix + FIRST_SEEN;
    }

    /** A journal key taken apart; null when it is not one. */
    record Key(String brand, char kind, long number) {
    }

    static Key parse(String key) {
        int sep = key == null ? -1 : key.indexOf(SEP);
        if (sep < 0 || sep + 1 >= key.length()) {
            return null;
        }
        char kind = key.charAt(sep + 1);
        try {
            long n = kind == FIRST_SEEN ? 0 : Long.parseLong(key, sep + 2, key.length(), 10);
            return kind == NEGATIVE || kind == VOLUME || kind == FIRST_SEEN ? new Key(key.substring(0, sep), kind, n) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static byte[] negative(long epoch, Negative n) {
        byte[] text = bytes(n.text());
        byte[] url = bytes(n.url());
        byte[] platform = bytes(n.platform());
        byte[] author = bytes(n.author());
        int flags = (n.repost() ? REPOST : 0) | (url != null ? URL : 0) | (platform != null ? PLATFORM : 0)
                | (author != null ? AUTHOR : 0);
        ByteBuffer b = ByteBuffer.allocate(1 + 8 + 8 + 8 + 1 + 4 + text.length + size(url) + size(platform) + size(author));
        b.put(VERSION).putLong(epoch).putLong(n.time()).putLong(n.followers()).put((byte) flags);
        b.putInt(text.length).put(text);
        put(b, url);
        put(b, platform);
        put(b, author);
        return b.array();
    }

    static byte[] count(long epoch, long value) {
        return ByteBuffer.allocate(17).put(VERSION).putLong(epoch).putLong(value).array();
    }

    /**
     * The epoch an entry belongs to (read before the rest, so that stale entries are skipped cheaply).
     *
     * @throws SerializationException when the value is not an entry of this version
     */
    static long epoch(byte[] value) {
        if (value == null || value.length < 9) {
            throw new SerializationException("not a crisis journal entry: " + (value == null ? "no value"
                    : value.length + " bytes"));
        }
        if (value[0] != VERSION) {
            throw new SerializationException("crisis journal entry version " + value[0] + " is not supported");
        }
        return ByteBuffer.wrap(value, 1, 8).getLong();
    }

    /** @throws SerializationException when the value is not a negative-mention entry */
    static Negative negative(byte[] value) {
        epoch(value);
        try {
            ByteBuffer b = ByteBuffer.wrap(value, 9, value.length - 9);
            long time = b.getLong();
            long followers = b.getLong();
            int flags = b.get();
            String text = string(b);
            String url = (flags & URL) != 0 ? string(b) : null;
            String platform = (flags & PLATFORM) != 0 ? string(b) : null;
            String author = (flags & AUTHOR) != 0 ? string(b) : null;
            if (b.hasRemaining()) {
                throw new SerializationException("not a crisis journal entry of a negative mention: " + b.remaining()
                        + " bytes too many");
            }
            return new Negative(time, text, url, platform, author, followers, (flags & REPOST) != 0);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new SerializationException("not a crisis journal entry of a negative mention: cut off (" + value.length
                    + " bytes)", e);
        }
    }

    /** The count or time of a volume or first-seen entry. */
    static long count(byte[] value) {
        epoch(value);
        if (value.length != 17) {
            throw new SerializationException("not a crisis journal entry of a count: " + value.length + " bytes, not 17");
        }
        return ByteBuffer.wrap(value, 9, 8).getLong();
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int size(byte[] b) {
        return b == null ? 0 : 4 + b.length;
    }

    private static void put(ByteBuffer b, byte[] s) {
        if (s != null) {
            b.putInt(s.length).put(s);
        }
    }

    private static String string(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("string length " + len);
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
        b.position(b.position() + len);
        return s;
    }
}
