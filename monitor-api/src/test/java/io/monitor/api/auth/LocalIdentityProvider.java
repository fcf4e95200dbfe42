package io.monitor.api.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.monitor.core.json.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for an OpenID Connect provider such as Keycloak, on the JDK's HTTP server at 127.0.0.1: the discovery
 * document at {@code <issuer>/.well-known/openid-configuration} and the key set at
 * {@code <issuer>/protocol/openid-connect/certs}, with RSA and EC keys generated here, and tokens signed here the way
 * the provider signs them (ES256 as JOSE's raw R || S, converted from the JDK's DER independently of the product code).
 */
public final class LocalIdentityProvider implements AutoCloseable {
    public static final String REALM_PATH = "/realms/acme";

    public record SigningKey(String kid, String alg, KeyPair pair) {
    }

    private final HttpServer server;
    public final List<SigningKey> published = new CopyOnWriteArrayList<>();
    public final AtomicInteger jwksRequests = new AtomicInteger();
    public final AtomicInteger discoveryRequests = new AtomicInteger();
    /** Published with {@code "use": "enc"} beside the signing keys, as Keycloak does; never valid for signatures. */
    public final SigningKey encryptionKey;
    public volatile int jwksStatus = 200;

    public LocalIdentityProvider() throws IOException, GeneralSecurityException {
        encryptionKey = rsa("enc-2026-11", 1);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(REALM_PATH + "/.well-known/openid-configuration", ex -> {
            discoveryRequests.incrementAndGet();
            ObjectNode doc = Json.MAPPER.createObjectNode().put("issuer", issuer())
                    .put("jwks_uri", issuer() + "/protocol/openid-connect/certs")
                    .put("token_endpoint", issuer() + "/protocol/openid-connect/token");
            respond(ex, 200, Json.MAPPER.writeValueAsBytes(doc));
        });
        server.createContext(REALM_PATH + "/protocol/openid-connect/certs", ex -> {
            jwksRequests.incrementAndGet();
            respond(ex, jwksStatus, Json.MAPPER.writeValueAsBytes(jwks()));
        });
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + REALM_PATH;
    }

    public String jwksUrl() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /** A fresh RSA 2048 key pair (slow on a busy machine: tests use {@link #rsa(String, int)}). */
    public static SigningKey rsa(String kid) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return new SigningKey(kid, "RS256", g.generateKeyPair());
    }

    public static SigningKey ec(String kid) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return new SigningKey(kid, "ES256", g.generateKeyPair());
    }

    private static final Map<String, KeyPair> POOL = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * RSA key pair number {@code n} of this JVM, generated on first use: different numbers are different keys, so a
     * test picks distinct ones where it needs them (the published key, an impostor's) without generating keys per test.
     */
    public static SigningKey rsa(String kid, int n) throws GeneralSecurityException {
        return new SigningKey(kid, "RS256", pooled("rsa" + n, () -> rsa(kid).pair()));
    }

    /** EC P-256 key pair number {@code n} of this JVM (see {@link #rsa(String, int)}). */
    public static SigningKey ec(String kid, int n) throws GeneralSecurityException {
        return new SigningKey(kid, "ES256", pooled("ec" + n, () -> ec(kid).pair()));
    }

    private interface Generator {
        KeyPair generate() throws GeneralSecurityException;
    }

    private static synchronized KeyPair pooled(String name, Generator g) throws GeneralSecurityException {
        KeyPair p = POOL.get(name);
        if (p == null) {
            p = g.generate();
            POOL.put(name, p);
        }
        return p;
    }

    /** The JWKS as Keycloak publishes it, including an encryption key that must never verify a signature. */
    ObjectNode jwks() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        ArrayNode keys = doc.putArray("keys");
        RSAPublicKey enc = (RSAPublicKey) encryptionKey.pair().getPublic();
        keys.addObject().put("kid", encryptionKey.kid()).put("kty", "RSA").put("alg", "RSA-OAEP").put("use", "enc")
                .put("n", b64(unsigned(enc.getModulus()))).put("e", b64(unsigned(enc.getPublicExponent())));
        for (SigningKey k : published) {
            ObjectNode j = keys.addObject().put("kid", k.kid()).put("use", "sig").put("alg", k.alg());
            if (k.pair().getPublic() instanceof RSAPublicKey r) {
                j.put("kty", "RSA").put("n", b64(unsigned(r.getModulus()))).put("e", b64(unsigned(r.getPublicExponent())));
            } else {
                ECPublicKey e = (ECPublicKey) k.pair().getPublic();
                j.put("kty", "EC").put("crv", "P-256").put("x", b64(fixed(e.getW().getAffineX(), 32)))
                        .put("y", b64(fixed(e.getW().getAffineY(), 32)));
            }
        }
        return doc;
    }

    /** Standard claims of a Keycloak access token for {@code user}, valid for 5 minutes from {@code now}. */
    public Map<String, Object> claims(String user, List<String> realmRoles, Instant now) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("exp", now.getEpochSecond() + 300);
        c.put("iat", now.getEpochSecond());
        c.put("jti", "0f1e2d3c");
        c.put("iss", issuer());
        c.put("aud", List.of("monitor-api", "account"));
        c.put("sub", "8d2b6c1e-4f1a-4c55-9d7e-" + Math.abs(user.hashCode()));
        c.put("typ", "Bearer");
        c.put("azp", "monitor-dashboard");
        c.put("realm_access", Map.of("roles", new ArrayList<>(realmRoles)));
        c.put("preferred_username", user);
        return c;
    }

    public static String sign(SigningKey key, Map<String, Object> claims) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", key.alg());
        header.put("typ", "JWT");
        header.put("kid", key.kid());
        return sign(header, claims, key.pair().getPrivate());
    }

    public static String sign(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) throws Exception {
        String input = b64(Json.MAPPER.writeValueAsBytes(header)) + "." + b64(Json.MAPPER.writeValueAsBytes(claims));
        byte[] sig;
        if (header.get("alg").equals("RS256")) {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            sig = s.sign();
        } else {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            sig = joseFromDer(s.sign());
        }
        return input + "." + b64(sig);
    }

    /** DER SEQUENCE{INTEGER r, INTEGER s} to 32-byte r || 32-byte s, read by offsets (not by the product's code). */
    static byte[] joseFromDer(byte[] der) {
        int off = 2; // SEQUENCE tag + short length (P-256 signatures are at most 72 bytes)
        int rLen = der[off + 1];
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(der, off + 2, off + 2 + rLen));
        off = off + 2 + rLen;
        int sLen = der[off + 1];
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(der, off + 2, off + 2 + sLen));
        byte[] out = new byte[64];
        System.arraycopy(fixed(r, 32), 0, out, 0, 32);
        System.arraycopy(fixed(s, 32), 0, out, 32, 32);
        return out;
    }

    static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    static byte[] fixed(BigInteger v, int len) {
        byte[] b = unsigned(v);
        byte[] out = new byte[len];
        System.arraycopy(b, 0, out, len - b.length, b.length);
        return out;
    }

    public static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
