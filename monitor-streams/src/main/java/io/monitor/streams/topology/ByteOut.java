package io.monitor.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The growable byte buffer of the binary store codecs ({@link BrandWindowCodec}, {@link TimelineCountsCodec}):
 * LEB128 varlongs, big-endian fixed 64 bits, strings as UTF-8 length + 1 and the bytes (0 = null), a closing
 * CRC-32C. Not thread-safe: one per value written.
 */
final class ByteOut {
    private byte[] buf;
    private int n;

    ByteOut(int size) {
        buf = new byte[size];
    }

    private void room(int k) {
        if (n + k > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
        }
    }

    void b(int v) {
        room(1);
        buf[n++] = (byte) v;
    }

    void varlong(long v) {
        room(10);
        while ((v & ~0x7FL) != 0) {
            buf[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[n++] = (byte) v;
    }

    void fixed64(long v) {
        room(8);
        for (int i = 56; i >= 0; i -= 8) {
            buf[n++] = (byte) (v >>> i);
        }
    }

    /**
     * Null as 0, else UTF-8 length + 1 and the bytes (ASCII written straight, the rest by the JDK's encoder);
     * false (nothing sensible written) for text with an unpaired surrogate, which UTF-8 cannot carry.
     */
    boolean string(String s) {
        if (s == null) {
            b(0);
            return true;
        }
        int len = s.length();
        int start = n;
        varlong(len + 1L); // as if ASCII (one byte a char): written in one pass, undone at the first other char
        room(len);
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                n = start;
                return encoded(s);
            }
            buf[n++] = (byte) c;
        }
        return true;
    }

    private boolean encoded(String s) {
        if (!BrandWindowCodec.Memo.plain(s)) {
            return false;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varlong(b.length + 1L);
        room(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
        return true;
    }

    void bytes(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
    }

    void crc() {
        CRC32C crc = new CRC32C();
        crc.update(buf, 0, n);
        int v = (int) crc.getValue();
        room(4);
        buf[n++] = (byte) (v >>> 24);
        buf[n++] = (byte) (v >>> 16);
        buf[n++] = (byte) (v >>> 8);
        buf[n++] = (byte) v;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, n);
    }
}
