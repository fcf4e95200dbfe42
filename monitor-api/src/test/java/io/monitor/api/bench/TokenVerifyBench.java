package io.monitor.api.bench;

import io.monitor.api.auth.LocalIdentityProvider;
import io.monitor.api.auth.OidcVerifier;
import io.monitor.api.auth.SigningKeys;
import io.monitor.core.config.OidcSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Measures how long checking one OIDC token takes (parse, cached key lookup, signature, claims), RS256 and ES256,
 * on one thread, keys cached (the local stand-in provider is asked once). The figure says what OIDC adds to every
 * authenticated request.
 *
 * <pre>
 * ./mvnw -q -o -pl monitor-api test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.monitor.api.bench.TokenVerifyBench -Dexec.args="20000"
 * </pre>
 * Argument: verifications per algorithm (a tenth more run first as warm-up).
 */
public final class TokenVerifyBench {
    private TokenVerifyBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (LocalIdentityProvider idp = new LocalIdentityProvider()) {
            LocalIdentityProvider.SigningKey rsa = LocalIdentityProvider.rsa("rsa");
            LocalIdentityProvider.SigningKey ec = LocalIdentityProvider.ec("ec");
            idp.published.add(rsa);
            idp.published.add(ec);
            OidcSettings s = new OidcSettings(idp.issuer(), "monitor-api", null, "realm_access.roles",
                    Map.of("cm-viewer", "viewer"), Duration.ofSeconds(30));
            OidcVerifier v = new OidcVerifier(s, new SigningKeys(s, Clock.systemUTC()));
            System.out.printf("# token verification, %d per algorithm, 1 thread, %d cores, Java %s%n", n,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            for (LocalIdentityProvider.SigningKey k : List.of(rsa, ec)) {
                String token = LocalIdentityProvider.sign(k, idp.claims("jana", List.of("cm-viewer"), Instant.now()));
                for (int i = 0; i < n / 10; i++) {
                    v.verify(token, Instant.now());
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    v.verify(token, Instant.now());
                }
                double us = (System.nanoTime() - t0) / 1e3 / n;
                System.out.printf("%s: %.1f µs per token, %,.0f tokens/s (token %d chars)%n", k.alg(), us, 1e6 / us,
                        token.length());
            }
            System.out.printf("key set fetches: %d%n", idp.jwksRequests.get());
        }
    }
}
