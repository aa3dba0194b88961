package dev.tagline.registry;

import java.util.List;
import java.util.Optional;

/** Where credentials for a registry come from. Implementations must never log the secret. */
@FunctionalInterface
public interface CredentialStore {
    /** Credentials for {@code hostPort} (as in an image reference: {@code ghcr.io}, {@code 127.0.0.1:5000}). */
    Optional<RegistryCredential> forRegistry(String hostPort);

    /** No credentials anywhere: anonymous access (anonymous bearer tokens still work). */
    static CredentialStore anonymous() {
        return hostPort -> Optional.empty();
    }

    /** The first store that knows the registry wins, e.g. {@code firstOf(EnvCredentials.fromSystem(), docker)}. */
    static CredentialStore firstOf(CredentialStore... stores) {
        List<CredentialStore> list = List.of(stores);
        return hostPort -> {
            for (CredentialStore s : list) {
                Optional<RegistryCredential> c = s.forRegistry(hostPort);
                if (c.isPresent()) {
                    return c;
                }
            }
            return Optional.empty();
        };
    }

    /** Environment first ({@link EnvCredentials}), then the Docker config file ({@link DockerConfigCredentials#loadDefault()}). */
    static CredentialStore defaults() {
        return firstOf(EnvCredentials.fromSystem(), DockerConfigCredentials.loadDefault());
    }
}
