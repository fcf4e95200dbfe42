package io.monitor.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Gzip for large JSON answers (a day of 1-minute timeline points with their top terms, hashtags and authors is about
 * 2.6 MB of JSON and shrinks more than tenfold, since JSON repeats its keys). Only answers of at least
 * {@link #MIN_BYTES} are compressed, and only for clients whose {@code Accept-Encoding} takes gzip (every browser);
 * clients that do not ask get the plain body as before. Pure; tested in {@code CompressionTest}.
 */
public final class Compression {
    /** Smaller answers go out as they are: compressing them saves little and costs a round of CPU. */
    public static final int MIN_BYTES = 8192;

    private Compression() {
    }

    /**
     * Whether an {@code Accept-Encoding} header (RFC 9110 section 12.5.3) takes gzip: {@code gzip}, {@code x-gzip} or
     * {@code *}, with a q-value above 0. Malformed parts are ignored.
     */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.length() > 1000) {
            return false;
        }
        boolean star = false;
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.split(";");
            String coding = p[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].strip().toLowerCase(Locale.ROOT);
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2).strip());
                    } catch (NumberFormatException e) {
                        q = 0; // an unreadable weight: do not guess the client's wish
                    }
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                return q > 0; // an explicit entry wins over '*'
            }
            if (coding.equals("*")) {
                star = q > 0;
            }
        }
        return star;
    }

    public static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 8));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
            {
                // Level 1: about three times faster than the default level 6 and still over tenfold on JSON; the
                // server's CPU is shared with every other request, the client's network is not.
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return out.toByteArray();
    }
}
