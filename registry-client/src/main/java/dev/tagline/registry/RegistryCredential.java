package dev.tagline.registry;

import java.util.Objects;

/**
 * A username and a secret (password, access token) for one registry. Used as HTTP Basic credentials
 * and to fetch bearer tokens. A Docker {@code identitytoken} is the secret with the username
 * {@value #IDENTITY_TOKEN_USER} (Docker's own convention): it is exchanged for a token as an OAuth2
 * refresh token. {@link #toString()} masks the secret.
 */
public record RegistryCredential(String username, String secret) {
    /** The username Docker records for an identity (refresh) token. */
    public static final String IDENTITY_TOKEN_USER = "<token>";

    public RegistryCredential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
    }

    public static RegistryCredential identityToken(String token) {
        return new RegistryCredential(IDENTITY_TOKEN_USER, token);
    }

    public boolean isIdentityToken() {
        return IDENTITY_TOKEN_USER.equals(username);
    }

    /** The value of an {@code Authorization: Basic ...} header. */
    String basicAuthorization() {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (username + ":" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryCredential[username=" + username + ", secret=****]";
    }
}
