package io.monitor.api.mentions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;

/**
 * A position in a brand's mention ring: the post's {@code createdAt} and its arrival number (which breaks ties).
 * Clients see it only as an opaque URL-safe token ({@link #encode()}); {@link #decode} rejects anything it did not
 * produce with an {@link IllegalArgumentException} whose message says why.
 */
public record MentionCursor(Instant createdAt, long arrival) implements Comparable<MentionCursor> {
    private static final String VERSION = "m1";
    private static final Comparator<MentionCursor> ORDER = Comparator.comparing(MentionCursor::createdAt)
            .thenComparingLong(MentionCursor::arrival);

    @Override
    public int compareTo(MentionCursor o) {
        return ORDER.compare(this, o);
    }

    public String encode() {
        String plain = VERSION + ":" + createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + arrival;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    public static MentionCursor decode(String token) {
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a cursor this server issued (use 'nextCursor' of a response)");
        }
        String[] parts = plain.split(":", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            throw new IllegalArgumentException("is not a cursor this server issued (use 'nextCursor' of a response)");
        }
        try {
            return new MentionCursor(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])),
                    Long.parseLong(parts[3]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("is not a cursor this server issued (use 'nextCursor' of a response)");
        }
    }
}
