package dev.tagline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token protocol of the Docker/OCI token auth spec: the request to a realm (GET with optional
 * Basic credentials, or an OAuth2 refresh-token POST for identity tokens) and the parsed answer
 * ({@code token} or {@code access_token}, {@code expires_in} defaulting to 60 s).
 */
record BearerToken(String value, Instant expiresAt) {
    static final long DEFAULT_EXPIRES_IN = 60;
    static final long MAX_TOKEN_BYTES = 1 << 20;
    /** Renew this long before the stated expiry, so a token does not die in flight. */
    static final long MARGIN_SECONDS = 10;

    boolean validAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** The request for a token on {@code realm} for {@code scopes}. */
    static HttpCall request(URI realm, String service, List<String> scopes, RegistryCredential credential) {
        if (credential != null && credential.isIdentityToken()) {
            StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=tagline&refresh_token=")
                    .append(enc(credential.secret()));
            if (service != null) {
                form.append("&service=").append(enc(service));
            }
            if (!scopes.isEmpty()) {
                form.append("&scope=").append(enc(String.join(" ", scopes)));
            }
            return new HttpCall("POST", realm, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    form.toString().getBytes(StandardCharsets.UTF_8), MAX_TOKEN_BYTES);
        }
        StringBuilder q = new StringBuilder();
        if (service != null) {
            q.append("service=").append(enc(service));
        }
        for (String scope : scopes) {
            q.append(q.length() == 0 ? "" : "&").append("scope=").append(enc(scope));
        }
        String base = realm.toString();
        URI uri = URI.create(q.length() == 0 ? base : base + (base.contains("?") ? "&" : "?") + q);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        if (credential != null) {
            headers.put("Authorization", credential.basicAuthorization());
        }
        return new HttpCall("GET", uri, headers, null, MAX_TOKEN_BYTES);
    }

    /**
     * The token in a 200 answer.
     *
     * @throws IllegalArgumentException when the body has no token; the message never contains the body
     */
    static BearerToken parse(byte[] body, Instant now) {
        JsonNode doc;
        try {
            doc = JsonFields.parseObject(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("token response is not a JSON object");
        }
        String token = nonEmptyText(doc.path("token"));
        if (token == null) {
            token = nonEmptyText(doc.path("access_token"));
        }
        if (token == null) {
            throw new IllegalArgumentException("token response has neither 'token' nor 'access_token'");
        }
        long expiresIn;
        try {
            expiresIn = JsonFields.longValue(doc, "expires_in", DEFAULT_EXPIRES_IN);
        } catch (IllegalArgumentException e) {
            expiresIn = DEFAULT_EXPIRES_IN;
        }
        if (expiresIn <= 0) {
            expiresIn = DEFAULT_EXPIRES_IN;
        }
        return new BearerToken(token, now.plusSeconds(expiresIn - Math.min(MARGIN_SECONDS, expiresIn / 2)));
    }

    private static String nonEmptyText(JsonNode node) {
        return node.isTextual() && !node.textValue().isEmpty() ? node.textValue() : null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "BearerToken[****, expiresAt=" + expiresAt + "]";
    }
}
