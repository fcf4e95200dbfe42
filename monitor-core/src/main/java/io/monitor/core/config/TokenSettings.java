package io.monitor.core.config;

import java.util.Set;

/**
 * An API token. The secret itself comes from the environment variable {@code tokenEnv}, never from the file.
 *
 * @param name     who holds it (shown as the actor in incident timelines)
 * @param role     viewer (read), responder (lifecycle actions) or admin (brands, rules, channels)
 * @param tokenEnv environment variable holding the token
 */
public record TokenSettings(String name, String role, String tokenEnv) {
    public static final Set<String> ROLES = Set.of("viewer", "responder", "admin");

    void validate(String key) {
        Check.notBlank(name, key + ".name");
        Check.notBlank(role, key + ".role");
        Check.require(ROLES.contains(role), key + ".role", "'" + role + "' is not one of viewer, responder, admin");
        Check.notBlank(tokenEnv, key + ".tokenEnv");
    }
}
