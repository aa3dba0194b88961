package dev.tagline.builder.sandbox;

import dev.tagline.builder.config.SandboxConfig;
import dev.tagline.schema.event.SandboxGrants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where build commands run: a bubblewrap sandbox ({@link BwrapCommand} says what it shows), checked at
 * start by running a command in it. When the check fails the sandbox is unavailable and says why:
 * untrusted code is then refused, trusted code runs unsandboxed only if
 * {@code tagline.builder.sandbox.allow-unsandboxed-trusted} says so.
 */
public final class Sandbox {
    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
    private static final long SELF_TEST_SECONDS = 20;

    private final SandboxConfig config;
    private final boolean asRoot;
    private final List<Path> protectedPaths;
    private final String unavailable;

    private Sandbox(SandboxConfig config, boolean asRoot, List<Path> protectedPaths, String unavailable) {
        this.config = config;
        this.asRoot = asRoot;
        this.protectedPaths = List.copyOf(protectedPaths);
        this.unavailable = unavailable;
    }

    /**
     * Checks the sandbox (a command must run in it and write into its checkout) and logs the outcome.
     *
     * @param builderPaths the builder's own secrets and state, never shown as a tool path (its HOME,
     *                     cache dir, Docker config), on top of the configured protected paths
     */
    public static Sandbox start(SandboxConfig config, List<Path> builderPaths) {
        List<Path> guarded = new ArrayList<>(config.protectedPaths());
        guarded.addAll(builderPaths);
        guarded.add(Path.of(System.getProperty("user.home")));
        boolean root = runningAsRoot();
        Sandbox probe = new Sandbox(config, root, guarded, null);
        String problem = probe.selfTest();
        Sandbox sandbox = new Sandbox(config, root, guarded, problem);
        if (problem == null) {
            LOG.info("build commands run in a bubblewrap sandbox ({}{}): {}", config.bwrap(),
                    root ? ", as uid " + config.uid() + " without capabilities" : ", unprivileged user namespace", sandbox.describe(false));
        } else if (config.allowUnsandboxedTrusted()) {
            LOG.warn("NO SANDBOX for build commands ({}): untrusted code (pull requests) is refused; trusted code's build commands "
                    + "run UNSANDBOXED as the builder's user (tagline.builder.sandbox.allow-unsandboxed-trusted=true)", problem);
        } else {
            LOG.warn("no sandbox for build commands ({}): every build command is refused (set "
                    + "tagline.builder.sandbox.allow-unsandboxed-trusted=true to run trusted code's unsandboxed)", problem);
        }
        return sandbox;
    }

    /** A sandbox known not to work, for tests of the refusals. */
    public static Sandbox unavailable(SandboxConfig config, String reason) {
        return new Sandbox(config, runningAsRoot(), List.of(), reason);
    }

    public boolean available() {
        return unavailable == null;
    }

    /** Why the sandbox cannot be used; null when it can. */
    public String unavailableReason() {
        return unavailable;
    }

    public SandboxConfig config() {
        return config;
    }

    /** One command ready to start: its argv and the environment it needs on top of the recipe's. */
    public record Launch(List<String> argv, String home, String tmp) {
    }

    /**
     * Prepares {@code workDir}'s private HOME, /tmp, passwd and group, hands the checkout to the
     * sandbox user (when the builder is root), and returns the command line.
     */
    public Launch launch(List<String> command, Path checkout, Path workDir, SandboxGrants grants, boolean network)
            throws RefusedToolException, IOException {
        List<ToolPath> tools = ToolPath.check(grants.tools(), protectedPaths);
        Path home = Files.createDirectories(workDir.resolve("sandbox-home"));
        Path tmp = Files.createDirectories(workDir.resolve("sandbox-tmp"));
        int uid = asRoot ? config.uid() : currentId("uid");
        int gid = asRoot ? config.gid() : currentId("gid");
        Path passwd = workDir.resolve("sandbox-passwd");
        Path group = workDir.resolve("sandbox-group");
        Files.writeString(passwd, "build:x:" + uid + ":" + gid + ":build:" + BwrapCommand.HOME + ":/bin/sh\n", StandardCharsets.UTF_8);
        Files.writeString(group, "build:x:" + gid + ":\n", StandardCharsets.UTF_8);
        if (asRoot) {
            for (Path p : List.of(checkout, home, tmp)) {
                chownTree(p, uid, gid);
            }
        }
        BwrapCommand.Layout layout = new BwrapCommand.Layout(checkout, home, tmp, passwd, group);
        return new Launch(BwrapCommand.argv(config, asRoot, layout, tools, network, command), BwrapCommand.HOME, BwrapCommand.TMP);
    }

    /** What a sandboxed command can reach and its limits, for logs and failure messages. */
    public String describe(boolean network) {
        return (network ? "network granted" : "no network") + "; sees its checkout (read-write), a private HOME and /tmp, /usr, "
                + "part of /etc, its tool paths (read-only); at most " + config.maxProcesses() + " processes, "
                + config.maxMemoryMb() + " MiB data and " + config.maxCpuSeconds() + " s CPU per process, files up to "
                + config.maxFileSizeMb() + " MiB, " + config.maxLogMb() + " MiB of log";
    }

    /** Null when a command runs in the sandbox and writes into its checkout; else what went wrong. */
    private String selfTest() {
        if (!Files.isExecutable(config.bwrap())) {
            return config.bwrap() + " is not an executable (install Debian's bubblewrap)";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/prlimit"))) {
            return "/usr/bin/prlimit is missing (util-linux)";
        }
        if (asRoot && !Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            return "/usr/bin/setpriv is missing (util-linux)";
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tagline-sandbox-check-");
            Path checkout = Files.createDirectories(dir.resolve("src"));
            Launch launch = launch(List.of("/bin/sh", "-c", "echo ok > probe"), checkout, dir, new SandboxGrants(List.of(), false), false);
            Process p = new ProcessBuilder(launch.argv()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(SELF_TEST_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "the sandbox check did not finish within " + SELF_TEST_SECONDS + " s";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            Path probe = checkout.resolve("probe");
            if (p.exitValue() != 0 || !Files.exists(probe) || !Files.readString(probe).strip().equals("ok")) {
                return "the sandbox check failed (exit " + p.exitValue() + ")" + (out.isEmpty() ? "" : ": " + out.lines().findFirst().orElse(""));
            }
            return null;
        } catch (IOException | RefusedToolException e) {
            return "the sandbox check could not run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the sandbox check was interrupted";
        } finally {
            if (dir != null) {
                deleteQuietly(dir);
            }
        }
    }

    private static void chownTree(Path root, int uid, int gid) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    static boolean runningAsRoot() {
        return currentId("uid") == 0;
    }

    private static int currentId(String which) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:" + which);
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", dir, e.getMessage());
        }
    }
}
