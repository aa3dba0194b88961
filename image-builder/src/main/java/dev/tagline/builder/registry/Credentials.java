package dev.tagline.builder.registry;

import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.DockerConfigCredentials;
import dev.tagline.registry.EnvCredentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The builder's credential chain, first answer wins: environment variables
 * ({@code TAGLINE_REGISTRY_<HOST>_USERNAME/_PASSWORD}), then the Docker {@code config.json}'s credential
 * helpers ({@code credHelpers}, {@code credsStore}: {@link CredentialHelpers}), then its {@code auths}.
 * Nothing configured means anonymous (anonymous bearer tokens still work).
 */
public final class Credentials {
    private Credentials() {
    }

    public static CredentialStore chain(List<CredentialStore> stores) {
        return CredentialStore.firstOf(stores.toArray(CredentialStore[]::new));
    }

    /** Env first, then the Docker config file if it exists (its helpers found on {@code PATH}, then its auths). */
    public static CredentialStore standard(Path dockerConfig) {
        return standard(EnvCredentials.fromSystem(), dockerConfig, CredentialHelpers.systemPath());
    }

    /** The chain with these environment credentials, and credential helpers looked up in {@code helperPath}. */
    public static CredentialStore standard(CredentialStore env, Path dockerConfig, List<Path> helperPath) {
        List<CredentialStore> stores = new ArrayList<>();
        stores.add(env);
        if (dockerConfig != null && Files.isRegularFile(dockerConfig)) {
            CredentialHelpers.fromDockerConfig(dockerConfig, helperPath).ifPresent(stores::add);
            stores.add(DockerConfigCredentials.load(dockerConfig));
        }
        return chain(stores);
    }
}
