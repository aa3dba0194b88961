package dev.tagline.registry;

import dev.tagline.schema.value.ImageRepository;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** Where a repository's API lives: {@code https://host/v2/<name>/}, plain HTTP only for configured insecure registries. */
final class RegistryUrls {
    private final Set<String> insecure;

    RegistryUrls(Set<String> insecureHostPorts) {
        this.insecure = insecureHostPorts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    boolean isInsecure(String hostPort) {
        return insecure.contains(hostPort.toLowerCase(Locale.ROOT));
    }

    /** {@code http(s)://host[:port]/v2/<name>/} (Docker Hub's API host is registry-1.docker.io). */
    URI repositoryBase(ImageRepository repo) {
        String host = repo.registry().equals(ImageRepository.DOCKER_HUB) ? "registry-1.docker.io" : repo.registry();
        return URI.create((isInsecure(repo.registry()) ? "http://" : "https://") + host + "/v2/" + repo.name() + "/");
    }

    URI manifest(ImageRepository repo, String reference) {
        return repositoryBase(repo).resolve("manifests/" + reference);
    }

    URI blob(ImageRepository repo, String digest) {
        return repositoryBase(repo).resolve("blobs/" + digest);
    }

    URI tagsList(ImageRepository repo) {
        return repositoryBase(repo).resolve("tags/list");
    }

    URI uploads(ImageRepository repo) {
        return repositoryBase(repo).resolve("blobs/uploads/");
    }

    URI referrers(ImageRepository repo, String digest) {
        return repositoryBase(repo).resolve("referrers/" + digest);
    }
}
