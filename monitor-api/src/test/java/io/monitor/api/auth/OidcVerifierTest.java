package io.monitor.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.config.OidcSettings;
import io.monitor.core.json.Json;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of token checking: role mapping from a claim path, and JOSE to DER signature conversion. */
class OidcVerifierTest {
    private static OidcVerifier verifier(String rolesClaim, Map<String, String> mapping) {
        OidcSettings s = new OidcSettings("https://login.example.com/realms/acme", "monitor-api", null, rolesClaim,
                mapping, Duration.ofSeconds(60));
        return new OidcVerifier(s, new SigningKeys(s, Clock.systemUTC()));
    }

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void rolesComeFromANestedClaimAndTheHighestMappedOneWins() throws Exception {
        OidcVerifier v = verifier("resource_access.monitor-api.roles",
                Map.of("/cm-team", "viewer", "oncall", "responder"));
        assertThat(v.role(json("""
                {"resource_access": {"monitor-api": {"roles": ["/cm-team", "oncall", "unrelated"]}}}"""))).isEqualTo(Role.RESPONDER);
        assertThat(v.role(json("""
                {"resource_access": {"monitor-api": {"roles": ["admin", "/cm-team"]}}}"""))).isEqualTo(Role.ADMIN);
        assertThat(v.role(json("{\"resource_access\": {}}"))).isNull();
        assertThat(v.role(json("{\"resource_access\": {\"monitor-api\": {\"roles\": [42, {\"x\":1}]}}}"))).isNull();
    }

    @Test
    void aSpaceSeparatedStringClaimCountsAsAList() throws Exception {
        OidcVerifier v = verifier("scope", Map.of("monitor:write", "responder"));
        assertThat(v.role(json("{\"scope\": \"openid profile monitor:write\"}"))).isEqualTo(Role.RESPONDER);
        assertThat(verifier(null, Map.of()).role(json("{\"roles\": [\"viewer\"]}"))).isEqualTo(Role.VIEWER);
    }

    @Test
    void joseSignaturesBecomeMinimalDerIntegers() {
        byte[] rs = new byte[64];
        rs[0] = (byte) 0x80; // r with the high bit set: needs a 0x00 pad to stay positive
        rs[31] = 1;
        rs[62] = 0x12; // s = 0x1234 with 30 leading zero bytes: must be trimmed
        rs[63] = 0x34;
        byte[] der = OidcVerifier.derFromJose(rs);
        assertThat(der[0]).isEqualTo((byte) 0x30);
        assertThat(der[1]).isEqualTo((byte) (der.length - 2));
        assertThat(der[2]).isEqualTo((byte) 0x02);
        assertThat(der[3]).isEqualTo((byte) 33);
        assertThat(der[4]).isEqualTo((byte) 0);
        byte[] r = java.util.Arrays.copyOfRange(der, 4, 4 + 33);
        assertThat(new BigInteger(r)).isEqualTo(new BigInteger(1, java.util.Arrays.copyOfRange(rs, 0, 32)));
        assertThat(java.util.Arrays.copyOfRange(der, 37, der.length)).containsExactly(0x02, 2, 0x12, 0x34);
    }

    @Test
    void onlyThreePartTokensLookLikeJwts() {
        assertThat(OidcVerifier.looksLikeJwt("a.b.c")).isTrue();
        assertThat(OidcVerifier.looksLikeJwt("a.b.c.d.e")).isFalse();
        assertThat(OidcVerifier.looksLikeJwt("plain-api-token")).isFalse();
        assertThat(OidcVerifier.looksLikeJwt(".b.c")).isFalse();
    }
}
