package io.monitor.api.auth;

/** Who is calling: the token's name (used as the actor in incident timelines) and its role. */
public record Principal(String name, Role role) {
    public static final Principal ANONYMOUS = new Principal("anonymous", null);
}
