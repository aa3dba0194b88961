package dev.tagline.builder.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.RegistryImage;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryCredential;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the builder reaches registries: one {@link RegistryClient} (tagline's own, for resolve /
 * manifest GET and PUT / blobs) and, for jib-core, images carrying the same credentials. Plain HTTP
 * is allowed only for the registries listed as insecure.
 */
public final class RegistryAccess implements AutoCloseable {
    private static final List<String> DOCKER_HUB_ALIASES = List.of("registry-1.docker.io", "index.docker.io", "docker.io");

    private final RegistryClient client;
    private final CredentialStore credentials;
    private final Set<String> insecure;

    public RegistryAccess(RegistryClient client, CredentialStore credentials, Set<String> insecureRegistries) {
        this.client = client;
        this.credentials = credentials;
        this.insecure = Set.copyOf(insecureRegistries);
        if (!insecure.isEmpty()) {
            // jib refuses to send credentials over plain HTTP unless told to (a JVM-wide switch);
            // only the registries listed as insecure are ever reached over HTTP.
            System.setProperty("sendCredentialsOverHttp", "true");
        }
    }

    public RegistryClient client() {
        return client;
    }

    public boolean insecure(String hostPort) {
        return insecure.contains(hostPort);
    }

    /** A jib image for this reference that asks the credential store (Docker Hub under any of its names). */
    public RegistryImage jibImage(ImageReference reference) {
        RegistryImage image = RegistryImage.named(reference);
        String registry = reference.getRegistry();
        image.addCredentialRetriever(() -> credentialFor(registry).map(c -> Credential.from(c.username(), c.secret())));
        return image;
    }

    Optional<RegistryCredential> credentialFor(String registry) {
        Optional<RegistryCredential> direct = credentials.forRegistry(registry);
        if (direct.isPresent() || !DOCKER_HUB_ALIASES.contains(registry)) {
            return direct;
        }
        for (String alias : DOCKER_HUB_ALIASES) {
            Optional<RegistryCredential> c = credentials.forRegistry(alias);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        client.close();
    }
}
