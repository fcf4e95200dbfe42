package io.monitor.api.http;

import io.monitor.api.auth.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One endpoint: method, path template ({@code /api/v1/incidents/{fingerprint}}), the least role allowed to call it
 * ({@code null} = public), and its handler.
 */
public record Route(String method, String template, Role role, Handler handler) {

    @FunctionalInterface
    public interface Handler {
        void handle(Request request) throws Exception;
    }

    public Route {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("template must start with /: " + template);
        }
    }

    List<String> segments() {
        return split(template);
    }

    /** Path parameters when {@code path} matches this template, otherwise null. */
    Map<String, String> match(List<String> pathSegments) {
        List<String> mine = segments();
        if (mine.size() != pathSegments.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < mine.size(); i++) {
            String t = mine.get(i);
            String p = pathSegments.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                if (p.isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), p);
            } else if (!t.equals(p)) {
                return null;
            }
        }
        return params;
    }

    static List<String> split(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.equals("/")) {
            return List.of();
        }
        return List.of(p.substring(1).split("/", -1));
    }
}
