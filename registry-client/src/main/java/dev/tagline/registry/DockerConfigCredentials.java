package dev.tagline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Credentials from a Docker {@code config.json}: {@code auths.<registry>} with a base64
 * {@code auth} ("user:password"), or {@code username}/{@code password}, or an {@code identitytoken}.
 * Keys may be written as {@code host:port}, {@code https://host/v2/} or Docker Hub's
 * {@code https://index.docker.io/v1/}. Credential helpers ({@code credsStore}, {@code credHelpers})
 * are external programs and are not run.
 */
public final class DockerConfigCredentials implements CredentialStore {
    private static final Set<String> DOCKER_HUB_ALIASES = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private final Path source;
    private final Map<String, RegistryCredential> byHost;

    private DockerConfigCredentials(Path source, Map<String, RegistryCredential> byHost) {
        this.source = source;
        this.byHost = Map.copyOf(byHost);
    }

    /**
     * Reads the file. A missing file is an empty store.
     *
     * @throws IllegalArgumentException naming the file and the entry when it is not valid
     * @throws UncheckedIOException     when it exists but cannot be read
     */
    public static DockerConfigCredentials load(Path configJson) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(configJson);
        } catch (NoSuchFileException e) {
            return new DockerConfigCredentials(configJson, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Docker config " + configJson, e);
        }
        return parse(configJson, bytes);
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static DockerConfigCredentials loadDefault() {
        String dir = System.getenv("DOCKER_CONFIG");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        return load(base.resolve("config.json"));
    }

    static DockerConfigCredentials parse(Path source, byte[] bytes) {
        ObjectNode doc;
        try {
            doc = JsonFields.parseObject(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Docker config " + source + " is not valid JSON: " + e.getMessage());
        }
        Map<String, RegistryCredential> creds = new LinkedHashMap<>();
        ObjectNode auths;
        try {
            auths = JsonFields.object(doc, "auths");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Docker config " + source + ": " + e.getMessage());
        }
        if (auths != null) {
            for (Map.Entry<String, JsonNode> e : auths.properties()) {
                String where = "Docker config " + source + ", auths[\"" + e.getKey() + "\"]";
                if (!e.getValue().isObject()) {
                    throw new IllegalArgumentException(where + " must be an object");
                }
                credential(e.getValue(), where).ifPresent(c -> creds.putIfAbsent(normalizeHost(e.getKey()), c));
            }
        }
        return new DockerConfigCredentials(source, creds);
    }

    private static Optional<RegistryCredential> credential(JsonNode entry, String where) {
        String identity = stringField(entry, "identitytoken", where);
        if (identity != null && !identity.isEmpty()) {
            return Optional.of(RegistryCredential.identityToken(identity));
        }
        String auth = stringField(entry, "auth", where);
        if (auth != null && !auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ".auth is not valid base64");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(where + ".auth must decode to user:password");
            }
            return Optional.of(new RegistryCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
        }
        String user = stringField(entry, "username", where);
        String password = stringField(entry, "password", where);
        if (user != null && !user.isEmpty() && password != null) {
            return Optional.of(new RegistryCredential(user, password));
        }
        return Optional.empty();
    }

    private static String stringField(JsonNode entry, String key, String where) {
        try {
            return JsonFields.string(entry, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + key + " must be a string");
        }
    }

    /** {@code https://Index.Docker.io/v1/} -> {@code docker.io}; {@code http://h:5000/v2/} -> {@code h:5000}. */
    static String normalizeHost(String key) {
        String k = key.trim();
        if (k.contains("://")) {
            try {
                URI u = URI.create(k);
                if (u.getHost() != null) {
                    k = u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
                } else {
                    k = k.substring(k.indexOf("://") + 3);
                }
            } catch (IllegalArgumentException e) {
                k = k.substring(k.indexOf("://") + 3);
            }
        }
        int slash = k.indexOf('/');
        if (slash >= 0) {
            k = k.substring(0, slash);
        }
        k = k.toLowerCase(Locale.ROOT);
        return DOCKER_HUB_ALIASES.contains(k) ? "docker.io" : k;
    }

    @Override
    public Optional<RegistryCredential> forRegistry(String hostPort) {
        return Optional.ofNullable(byHost.get(normalizeHost(hostPort)));
    }

    /** The registries this file has credentials for (no secrets). */
    public Set<String> registries() {
        return byHost.keySet();
    }

    @Override
    public String toString() {
        return "DockerConfigCredentials[" + source + ", registries=" + byHost.keySet() + "]";
    }
}
