package dev.tagline.registry;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from environment variables, one pair per registry:
 * {@code TAGLINE_REGISTRY_<HOST>_USERNAME} and {@code TAGLINE_REGISTRY_<HOST>_PASSWORD}, where
 * {@code <HOST>} is the registry's {@code host[:port]} uppercased with every character outside
 * {@code [A-Z0-9]} turned into {@code _}: {@code ghcr.io} gives {@code TAGLINE_REGISTRY_GHCR_IO_USERNAME},
 * {@code 127.0.0.1:5000} gives {@code TAGLINE_REGISTRY_127_0_0_1_5000_USERNAME}. A password without a
 * username uses the username {@code <token>} (an identity token).
 */
public final class EnvCredentials implements CredentialStore {
    private final Map<String, String> env;

    private EnvCredentials(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static EnvCredentials fromSystem() {
        return new EnvCredentials(System.getenv());
    }

    /** From any map of variables (tests, config). */
    public static EnvCredentials of(Map<String, String> variables) {
        return new EnvCredentials(variables);
    }

    /** The variable name prefix for a registry, e.g. {@code TAGLINE_REGISTRY_GHCR_IO_}. */
    public static String prefixFor(String hostPort) {
        return "TAGLINE_REGISTRY_" + hostPort.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_";
    }

    @Override
    public Optional<RegistryCredential> forRegistry(String hostPort) {
        String prefix = prefixFor(hostPort);
        String user = env.get(prefix + "USERNAME");
        String password = env.get(prefix + "PASSWORD");
        if (password == null || password.isEmpty()) {
            return Optional.empty();
        }
        if (user == null || user.isEmpty()) {
            return Optional.of(RegistryCredential.identityToken(password));
        }
        return Optional.of(new RegistryCredential(user, password));
    }

    @Override
    public String toString() {
        return "EnvCredentials[TAGLINE_REGISTRY_<HOST>_USERNAME/_PASSWORD]";
    }
}
