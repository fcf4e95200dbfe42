package io.monitor.api.auth;

import java.util.Locale;

/** What a token may do; each role includes the ones before it: viewer (read) &lt; responder (lifecycle) &lt; admin. */
public enum Role {
    VIEWER, RESPONDER, ADMIN;

    public boolean covers(Role required) {
        return compareTo(required) >= 0;
    }

    public static Role parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
