package io.monitor.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what {@link ByteOut} wrote from {@code data[pos, end)}: every read checks its bounds and throws
 * {@link IllegalArgumentException} saying where the record is cut off or out of range (the codecs wrap it into a
 * {@code SerializationException}).
 */
final class ByteIn {
    private final byte[] data;
    private final int end;
    private int pos;

    ByteIn(byte[] data, int pos, int end) {
        this.data = data;
        this.pos = pos;
        this.end = end;
    }

    /** The bytes read (for readers that decode a span of {@link #take} in place). */
    byte[] data() {
        return data;
    }

    /** Where the next read starts. */
    int pos() {
        return pos;
    }

    int b() {
        if (pos >= end) {
            throw new IllegalArgumentException("truncated at byte " + pos);
        }
        return data[pos++] & 0xFF;
    }

    long varlong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int x = b();
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varlong longer than 10 bytes at byte " + pos);
    }

    /** A number of entries that take at least one byte each, so never more than the bytes left. */
    int count() {
        long v = varlong();
        if (v < 0 || v > end - pos + 1L) {
            throw new IllegalArgumentException("count " + v + " out of range at byte " + pos);
        }
        return (int) v;
    }

    /** A number of entries of at most {@code max}. */
    int count(int max) {
        long v = varlong();
        if (v < 0 || v > max) {
            throw new IllegalArgumentException("count " + v + " out of range 0.." + max + " at byte " + pos);
        }
        return (int) v;
    }

    long fixed64() {
        int at = take(8);
        long v = 0;
        for (int i = at; i < at + 8; i++) {
            v = (v << 8) | (data[i] & 0xFF);
        }
        return v;
    }

    /** Skips {@code len} bytes and returns where they start. */
    int take(int len) {
        if (len < 0 || len > end - pos) {
            throw new IllegalArgumentException("truncated: " + len + " bytes needed at byte " + pos);
        }
        int at = pos;
        pos += len;
        return at;
    }

    byte[] bytes(int len) {
        int at = take(len);
        return Arrays.copyOfRange(data, at, at + len);
    }

    /** Null for 0, else UTF-8 of length - 1 bytes. */
    String string() {
        long len = varlong();
        if (len == 0) {
            return null;
        }
        if (len < 0 || len - 1 > end - pos) {
            throw new IllegalArgumentException("string of " + (len - 1) + " bytes cut off at byte " + pos);
        }
        String s = new String(data, pos, (int) len - 1, StandardCharsets.UTF_8);
        pos += (int) len - 1;
        return s;
    }
}
