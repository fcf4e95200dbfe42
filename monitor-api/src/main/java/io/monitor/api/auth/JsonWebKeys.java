package io.monitor.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A JSON Web Key Set (RFC 7517) as the identity provider publishes it, reduced to the keys that can check RS256 or
 * ES256 signatures. Keys for encryption ({@code "use": "enc"}, which Keycloak publishes beside its signing keys),
 * other curves, and RSA keys under 2048 bits are left out, so they can never verify a token. Pure; immutable.
 */
public final class JsonWebKeys {
    static final int MIN_RSA_BITS = 2048;

    /** One signing key: its id (may be null), the algorithm it is for (RS256 or ES256) and the JDK key. */
    public record Key(String kid, String alg, PublicKey publicKey) {
    }

    private final List<Key> keys;
    private final List<String> skipped;

    private JsonWebKeys(List<Key> keys, List<String> skipped) {
        this.keys = List.copyOf(keys);
        this.skipped = List.copyOf(skipped);
    }

    public List<Key> keys() {
        return keys;
    }

    /** Why keys were left out ("kid 'enc-1': use 'enc' is not for signatures"), for the log. */
    public List<String> skipped() {
        return skipped;
    }

    /**
     * The key for a token signed with {@code alg} (RS256 or ES256) naming {@code kid}; a token without kid matches
     * only when exactly one key fits the algorithm (a provider with one key often leaves kid out). Null: no such key.
     */
    public Key find(String kid, String alg) {
        Key only = null;
        int fitting = 0;
        for (Key k : keys) {
            if (!k.alg().equals(alg)) {
                continue;
            }
            if (kid != null && kid.equals(k.kid())) {
                return k;
            }
            fitting++;
            only = k;
        }
        return kid == null && fitting == 1 ? only : null;
    }

    /** Parses a JWKS document ({@code {"keys": [...]}}). */
    public static JsonWebKeys parse(JsonNode doc) {
        JsonNode arr = doc == null ? null : doc.get("keys");
        if (arr == null || !arr.isArray()) {
            throw new IllegalArgumentException("the JWKS document has no \"keys\" array");
        }
        List<Key> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode jwk : arr) {
            String kid = text(jwk, "kid");
            String name = kid == null ? "a key without kid" : "kid '" + kid + "'";
            try {
                Key k = key(jwk, kid);
                if (k != null) {
                    keys.add(k);
                }
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                skipped.add(name + ": " + e.getMessage());
            }
        }
        return new JsonWebKeys(keys, skipped);
    }

    private static Key key(JsonNode jwk, String kid) throws GeneralSecurityException {
        String use = text(jwk, "use");
        if (use != null && !use.equals("sig")) {
            throw new IllegalArgumentException("use '" + use + "' is not for signatures");
        }
        String kty = text(jwk, "kty");
        String alg = text(jwk, "alg");
        if ("RSA".equals(kty)) {
            if (alg != null && !alg.equals("RS256")) {
                throw new IllegalArgumentException("algorithm " + alg + " is not supported (RS256, ES256 are)");
            }
            BigInteger n = new BigInteger(1, bytes(jwk, "n"));
            BigInteger e = new BigInteger(1, bytes(jwk, "e"));
            RSAPublicKey pk = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
            if (pk.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("an RSA key of " + pk.getModulus().bitLength()
                        + " bits is too weak (at least " + MIN_RSA_BITS + ")");
            }
            return new Key(kid, "RS256", pk);
        }
        if ("EC".equals(kty)) {
            String crv = text(jwk, "crv");
            if (!"P-256".equals(crv) || (alg != null && !alg.equals("ES256"))) {
                throw new IllegalArgumentException("curve " + crv + " / algorithm " + alg
                        + " is not supported (P-256 with ES256 is)");
            }
            byte[] x = bytes(jwk, "x");
            byte[] y = bytes(jwk, "y");
            if (x.length != 32 || y.length != 32) {
                throw new IllegalArgumentException("P-256 coordinates must be 32 bytes each");
            }
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
            ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
            if (!onCurve(point, spec)) {
                // Checked here rather than trusted to the provider: a point off the curve is never a real key.
                throw new IllegalArgumentException("the point (x, y) is not on curve P-256");
            }
            PublicKey pk = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, spec));
            return new Key(kid, "ES256", pk);
        }
        throw new IllegalArgumentException("key type " + kty + " is not supported (RSA, EC are)");
    }

    /** y² = x³ + ax + b (mod p), with both coordinates in the field. */
    static boolean onCurve(ECPoint q, ECParameterSpec spec) {
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger x = q.getAffineX();
        BigInteger y = q.getAffineY();
        if (x.signum() < 0 || x.compareTo(p) >= 0 || y.signum() < 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        return y.pow(2).mod(p).equals(right);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static byte[] bytes(JsonNode jwk, String field) {
        String s = text(jwk, field);
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("member \"" + field + "\" is missing");
        }
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("member \"" + field + "\" is not base64url");
        }
    }
}
