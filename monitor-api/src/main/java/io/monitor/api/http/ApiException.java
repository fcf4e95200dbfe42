package io.monitor.api.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure the client can act on; {@link Router} turns it into an RFC 9457 problem response.
 * Product code throws these instead of writing error responses itself, so every error looks the same.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ApiException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public static ApiException badParameter(String param, String why) {
        return new ApiException(400, "bad-parameter", "Invalid parameter", "parameter '" + param + "' " + why)
                .with("param", param);
    }

    public static ApiException badBody(String field, String why) {
        return new ApiException(400, "bad-body", "Invalid request body",
                field == null ? why : "field '" + field + "' " + why).with("field", field);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not found", detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "unavailable", "Service unavailable", detail).header("Retry-After", "5");
    }

    public ApiException with(String name, Object value) {
        if (value != null) {
            extensions.put(name, value);
        }
        return this;
    }

    public ApiException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
