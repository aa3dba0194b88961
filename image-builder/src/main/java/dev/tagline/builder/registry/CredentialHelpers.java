package dev.tagline.builder.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.RegistryCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Docker credential helpers, as named by a Docker {@code config.json}: {@code credHelpers} (one helper
 * per registry) first, then {@code credsStore} (one for every registry). A helper is the executable
 * {@code docker-credential-<name>} on the search path, run as {@code docker-credential-<name> get} with the
 * registry on stdin; it answers {@code {"ServerURL": ..., "Username": ..., "Secret": ...}} on stdout, or
 * exits non-zero when it has nothing for that registry (then the next store of the chain is asked). A
 * {@code Username} of {@code <token>} marks an identity token. This is how ECR, GCR and ACR users log in
 * ({@code docker-credential-ecr-login}, {@code -gcloud}, {@code -acr-env}).
 *
 * <p>Answers are cached for {@link #CACHE_FOR} (helpers may take hundreds of milliseconds); failures are
 * not. Neither the secret nor the helper's output is ever logged.
 */
public final class CredentialHelpers implements CredentialStore {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialHelpers.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    static final Duration CACHE_FOR = Duration.ofMinutes(5);
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_OUTPUT = 64 * 1024;
    /** The server URL Docker hands helpers for Docker Hub. */
    private static final String DOCKER_HUB_URL = "https://index.docker.io/v1/";
    private static final List<String> DOCKER_HUB = List.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private record Cached(RegistryCredential credential, Instant until) {
    }

    private final String credsStore;
    private final Map<String, String> credHelpers;
    private final List<Path> searchPath;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    CredentialHelpers(String credsStore, Map<String, String> credHelpers, List<Path> searchPath, Clock clock) {
        this.credsStore = credsStore;
        this.credHelpers = Map.copyOf(credHelpers);
        this.searchPath = List.copyOf(searchPath);
        this.clock = clock;
    }

    /** The helpers a Docker config names, found on {@code searchPath}; empty when it names none. */
    public static Optional<CredentialHelpers> fromDockerConfig(Path configJson, List<Path> searchPath) {
        JsonNode root;
        try {
            root = JSON.readTree(configJson.toFile());
        } catch (IOException e) {
            LOG.warn("cannot read the credential helpers of {}: {}", configJson, e.getMessage());
            return Optional.empty();
        }
        String store = root.path("credsStore").asText("");
        Map<String, String> helpers = new HashMap<>();
        root.path("credHelpers").fields().forEachRemaining(e -> helpers.put(hostOf(e.getKey()), e.getValue().asText("")));
        if (store.isBlank() && helpers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CredentialHelpers(store.isBlank() ? null : store, helpers, searchPath, Clock.systemUTC()));
    }

    /** The directories of {@code PATH}. */
    public static List<Path> systemPath() {
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        return dirs;
    }

    @Override
    public Optional<RegistryCredential> forRegistry(String hostPort) {
        String helper = credHelpers.getOrDefault(hostPort, credsStore);
        if (helper == null || helper.isBlank()) {
            return Optional.empty();
        }
        Cached c = cache.get(hostPort);
        if (c != null && clock.instant().isBefore(c.until())) {
            return Optional.of(c.credential());
        }
        Optional<RegistryCredential> found = ask(helper, DOCKER_HUB.contains(hostPort) ? DOCKER_HUB_URL : hostPort);
        found.ifPresent(credential -> cache.put(hostPort, new Cached(credential, clock.instant().plus(CACHE_FOR))));
        return found;
    }

    private Optional<RegistryCredential> ask(String helper, String serverUrl) {
        if (!NAME.matcher(helper).matches()) {
            LOG.warn("ignoring the credential helper name '{}': not a plain name", helper);
            return Optional.empty();
        }
        Optional<Path> executable = find("docker-credential-" + helper);
        if (executable.isEmpty()) {
            LOG.warn("credential helper docker-credential-{} (for {}) is not on the path; no credentials from it", helper, serverUrl);
            return Optional.empty();
        }
        Process process = null;
        try {
            process = new ProcessBuilder(executable.get().toString(), "get").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out;
            try (InputStream stdout = process.getInputStream()) {
                out = stdout.readNBytes(MAX_OUTPUT);
            }
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("credential helper docker-credential-{} did not answer for {} within {}", helper, serverUrl, TIMEOUT);
                return Optional.empty();
            }
            if (process.exitValue() != 0) {
                LOG.debug("credential helper docker-credential-{} has no credentials for {} (exit {})", helper, serverUrl,
                        process.exitValue());
                return Optional.empty();
            }
            JsonNode answer = JSON.readTree(out);
            String username = answer.path("Username").asText("");
            String secret = answer.path("Secret").asText("");
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(RegistryCredential.IDENTITY_TOKEN_USER.equals(username) ? RegistryCredential.identityToken(secret)
                    : new RegistryCredential(username, secret));
        } catch (IOException e) {
            // the message never holds the helper's output (it may hold a secret)
            LOG.warn("credential helper docker-credential-{} failed for {}: {}", helper, serverUrl, e.getClass().getSimpleName());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private Optional<Path> find(String executable) {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(executable);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code https://gcr.io/v1/} -> {@code gcr.io}: config keys may carry a scheme and a path. */
    static String hostOf(String key) {
        String k = key.trim();
        int scheme = k.indexOf("://");
        if (scheme >= 0) {
            k = k.substring(scheme + 3);
        }
        int slash = k.indexOf('/');
        return slash >= 0 ? k.substring(0, slash) : k;
    }

    @Override
    public String toString() {
        return "CredentialHelpers[credsStore=" + credsStore + ", credHelpers=" + credHelpers.keySet() + "]";
    }
}
