package dev.tagline.deploy.containers;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * podman's Docker-compatible API for Testcontainers. Uses {@code DOCKER_HOST} when set, otherwise
 * runs deploy/images/podman-setup.sh (which starts the API on /tmp/tagline-podman/podman.sock when
 * podman is installed). Never skips: without podman it fails with the command that installs it.
 */
final class Podman {
    static final String INSTALL_HINT = "podman is missing: run 'deploy/images/podman-setup.sh' as root (it installs"
            + " podman and runc with apt-get and starts the API), or 'sudo apt-get install -y podman runc'";
    static final Path DEFAULT_DIR = Path.of(System.getenv().getOrDefault("TAGLINE_PODMAN_DIR", "/tmp/tagline-podman"));

    private Podman() {
    }

    /**
     * Checks that Testcontainers can reach podman at DOCKER_HOST (deploy's surefire configuration sets it to
     * podman-setup.sh's socket unless you export your own); starts it with podman-setup.sh when it is that
     * socket and podman is installed. Returns the DOCKER_HOST.
     */
    static String useApi(Path repoRoot) {
        if (!"true".equals(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            throw new IllegalStateException("TESTCONTAINERS_RYUK_DISABLED=true is required (Ryuk's image cannot be"
                    + " pulled here); deploy's surefire configuration sets it");
        }
        Path defaultSocket = DEFAULT_DIR.resolve("podman.sock");
        String dockerHost = System.getenv().getOrDefault("DOCKER_HOST", "unix://" + defaultSocket);
        if (!dockerHost.startsWith("unix://")) {
            return dockerHost;
        }
        Path socket = Path.of(dockerHost.substring("unix://".length()));
        if (!answers(socket) && socket.equals(defaultSocket)) {
            if (!onPath("podman")) {
                throw new IllegalStateException(INSTALL_HINT);
            }
            Processes.run(List.of(repoRoot.resolve("deploy/images/podman-setup.sh").toString()), repoRoot,
                    Map.of(), Duration.ofMinutes(5));
        }
        if (!answers(socket)) {
            throw new IllegalStateException("nothing answers on " + dockerHost + ": start podman's API with"
                    + " 'deploy/images/podman-setup.sh', or unset DOCKER_HOST (" + INSTALL_HINT + ")");
        }
        if (!onPath("podman")) {
            throw new IllegalStateException(INSTALL_HINT + " (the podman CLI loads the images from the local registry)");
        }
        return dockerHost;
    }

    /**
     * Copies an image from an insecure 127.0.0.1 registry into podman's storage, so Testcontainers
     * finds it locally (the compat API's pull has no switch for plain-HTTP registries).
     */
    static void pull(String image, Path repoRoot) {
        Processes.run(List.of("podman", "pull", "--quiet", "--tls-verify=false", image), repoRoot,
                Map.of("CONTAINERS_CONF", DEFAULT_DIR.resolve("containers.conf").toString()), Duration.ofMinutes(5));
    }

    /** Best effort: forgets an image pulled by {@link #pull} (its layers stay shared with the next run's). */
    static void remove(String image, Path repoRoot) {
        try {
            Processes.run(List.of("podman", "rmi", "--force", image), repoRoot,
                    Map.of("CONTAINERS_CONF", DEFAULT_DIR.resolve("containers.conf").toString()), Duration.ofMinutes(1));
        } catch (IllegalStateException e) {
            System.out.println("could not remove " + image + ": " + e.getMessage());
        }
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static boolean answers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }
}
