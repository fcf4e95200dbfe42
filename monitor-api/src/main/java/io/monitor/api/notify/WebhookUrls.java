package io.monitor.api.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks a webhook URL before anything is sent to it: absolute, https (plain http only to this machine, for local
 * stand-ins and tests), no user info (credentials belong in the signing secret, not the URL). Pure.
 */
public final class WebhookUrls {
    private WebhookUrls() {
    }

    /** The parsed URL, or IllegalArgumentException with a sentence saying what is wrong (without the URL's secrets). */
    public static URI validate(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an absolute URL such as https://hooks.example.com/monitor");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("must not contain user:password@; use the signing secret instead");
        }
        boolean local = isLoopback(uri.getHost());
        if (!scheme.equals("https") && !(scheme.equals("http") && local)) {
            throw new IllegalArgumentException("must use https (plain http is allowed only for localhost), got "
                    + scheme + "://" + uri.getHost());
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("127.0.0.1") || h.equals("[::1]") || h.equals("::1");
    }
}
