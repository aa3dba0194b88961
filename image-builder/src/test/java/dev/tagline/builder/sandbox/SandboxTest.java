package dev.tagline.builder.sandbox;

import dev.tagline.builder.config.SandboxConfig;
import dev.tagline.builder.steps.BuildFailure;
import dev.tagline.builder.steps.RunBuildCommandStep;
import dev.tagline.schema.event.BuildCommand;
import dev.tagline.schema.event.SandboxGrants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox against a real bubblewrap: what a build command can and cannot reach. The secrets live
 * in a directory standing for the builder's own files (its Docker config, Git credentials, a signing
 * key); the sandbox shows none of the host beyond its checkout, /usr and part of /etc.
 */
class SandboxTest {
    private static final Instant COMMIT_TIME = Instant.parse("2026-02-03T04:05:06Z");
    private static final String SECRET = "s3cr3t-" + "do-not-leak-4711";

    @TempDir
    static Path builder;

    static Path secrets;
    static Sandbox sandbox;

    @TempDir
    Path work;

    @BeforeAll
    static void secretsAndSandbox() throws IOException {
        secrets = Files.createDirectories(builder.resolve("home"));
        Files.createDirectories(secrets.resolve(".docker"));
        Files.writeString(secrets.resolve(".docker/config.json"), "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\"" + SECRET + "\"}}}");
        Files.writeString(secrets.resolve(".git-credentials"), "https://bot:" + SECRET + "@github.com\n");
        Files.writeString(secrets.resolve("cosign.key"), SECRET);
        sandbox = Sandbox.start(SandboxConfig.defaults().withLimits(32, 1).protecting(List.of(secrets)), List.of());
        assertTrue(sandbox.available(), "bubblewrap works on this machine: " + sandbox.unavailableReason());
    }

    private RunBuildCommandStep step() {
        return new RunBuildCommandStep(Duration.ofMinutes(5), sandbox);
    }

    private Path checkout() throws IOException {
        return Files.createDirectories(work.resolve("src"));
    }

    private static BuildCommand sh(String script, long timeout) {
        return new BuildCommand(List.of("sh", "-c", script), timeout, null);
    }

    @Test
    void theBuildersSecretsAreNotThere() throws Exception {
        Path src = checkout();
        String script = String.join("; ",
                "cat " + secrets.resolve(".docker/config.json"),
                "cat " + secrets.resolve(".git-credentials"),
                "cat " + secrets.resolve("cosign.key"),
                "cat " + System.getProperty("user.home") + "/.docker/config.json",
                "ls " + secrets,
                "cat " + secrets + "/* > stolen.txt",
                "exit 3");
        BuildFailure f = assertThrows(BuildFailure.class, () -> step().run(sh(script, 30), src, work, COMMIT_TIME));
        assertTrue(f.getMessage().contains("exited with status 3"), f.getMessage());
        assertTrue(f.getMessage().contains(secrets.resolve("cosign.key") + ": No such file or directory"), f.getMessage());
        assertTrue(f.getMessage().contains("sandboxed: no network"), "the result says where it ran: " + f.getMessage());
        assertFalse(f.getMessage().contains(SECRET), f.getMessage());
        assertFalse(Files.readString(work.resolve("build-command.log")).contains(SECRET));
        assertFalse(Files.readString(src.resolve("stolen.txt")).contains(SECRET));
    }

    @Test
    void noNetworkNotEvenTheLoopbackOfTheHost() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Path src = checkout();
            BuildFailure f = assertThrows(BuildFailure.class, () -> step().run(new BuildCommand(
                    List.of("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo CONN'ECTED'"), 30, null),
                    src, work, COMMIT_TIME));
            assertFalse(f.getMessage().contains("CONNECTED"), f.getMessage());
            assertTrue(f.getMessage().contains("Connection refused") || f.getMessage().contains("unreachable"), f.getMessage());
        }
    }

    @Test
    void untrustedCodeGetsNoNetworkEvenWhenTheRecipeGrantsIt() throws Exception {
        Path src = checkout();
        BuildCommand wantsNetwork = new BuildCommand(List.of("sh", "-c", "cat /proc/net/dev > ifaces.txt"), 30, null,
                new SandboxGrants(List.of(), true));
        step().run(wantsNetwork, src, work, COMMIT_TIME, false);
        String untrusted = Files.readString(src.resolve("ifaces.txt"));
        step().run(wantsNetwork, src, work, COMMIT_TIME, true);
        String trusted = Files.readString(src.resolve("ifaces.txt"));
        assertEquals(List.of("lo"), interfaces(untrusted), untrusted);
        assertTrue(interfaces(trusted).size() >= interfaces(untrusted).size(), trusted);
        assertEquals(interfaces(Files.readString(Path.of("/proc/net/dev"))), interfaces(trusted), "trusted + granted: the host's network");
    }

    private static List<String> interfaces(String procNetDev) {
        return procNetDev.lines().skip(2).map(l -> l.split(":")[0].strip()).sorted().toList();
    }

    @Test
    void writesOutsideTheCheckoutFailOrVanish() throws Exception {
        Path src = checkout();
        Path outside = work.resolve("escaped.txt");
        String script = String.join("; ",
                "echo x > " + outside + " || echo CANNOT-HOST",
                "echo x > /usr/escaped.txt || echo CANNOT-USR",
                "echo x > /escaped.txt || echo CANNOT-ROOT",
                "echo x > ../escaped.txt || echo CANNOT-PARENT",
                "echo home > $HOME/h.txt && echo tmp > /tmp/t.txt && echo ok > built.txt");
        step().run(sh(script, 30), src, work, COMMIT_TIME);
        String log = Files.readString(work.resolve("build-command.log"));
        for (String cannot : List.of("CANNOT-HOST", "CANNOT-USR", "CANNOT-ROOT", "CANNOT-PARENT")) {
            assertTrue(log.contains(cannot), cannot + " in " + log);
        }
        assertFalse(Files.exists(outside));
        assertFalse(Files.exists(Path.of("/usr/escaped.txt")));
        assertFalse(Files.exists(Path.of("/escaped.txt")));
        assertEquals("ok\n", Files.readString(src.resolve("built.txt")), "the checkout is writable");
    }

    @Test
    void aForkBombIsBoundedByTheProcessLimit() throws Exception {
        Path src = checkout();
        // 200 children that live for a while: the 33rd and later cannot start (limit 32)
        String script = "n=0; i=0; while [ $i -lt 200 ]; do i=$((i+1)); if sleep 5 2>/dev/null & then n=$((n+1)); else break; fi; done; "
                + "echo started $n; exit 9";
        BuildFailure f = assertThrows(BuildFailure.class, () -> step().run(sh(script, 30), src, work, COMMIT_TIME));
        assertTrue(f.getMessage().contains("Cannot fork") || f.getMessage().matches("(?s).*started ([0-9]|[12][0-9]|3[01])\\b.*"),
                f.getMessage());
        assertTrue(f.getMessage().contains("at most 32 processes"), f.getMessage());
    }

    @Test
    void theClassicForkBombHitsTheProcessLimitAndLeavesNothingBehind() throws Exception {
        Path src = checkout();
        BuildFailure f = assertThrows(BuildFailure.class, () -> step().run(new BuildCommand(
                List.of("bash", "-c", "bomb() { bomb | bomb & }; bomb; wait; sleep 1; exit 5"), 5, null), src, work, COMMIT_TIME));
        assertTrue(f.getMessage().contains("fork: ") && f.getMessage().contains("Resource temporarily unavailable"), f.getMessage());
        long left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("bomb")).orElse(false)).count();
        assertEquals(0, left, "every process of the sandbox is gone");
    }

    @Test
    void theLogIsCappedAndTheTailKept() throws Exception {
        Path src = checkout();
        // 3 MiB of output against a 1 MiB log
        String script = "i=0; while [ $i -lt 3000 ]; do head -c 1024 /dev/zero | tr '\\0' 'a'; echo; i=$((i+1)); done; echo LAST-LINE; exit 4";
        BuildFailure f = assertThrows(BuildFailure.class, () -> step().run(sh(script, 60), src, work, COMMIT_TIME));
        assertTrue(Files.size(work.resolve("build-command.log")) <= 1024 * 1024, "log capped");
        assertTrue(f.getMessage().endsWith("LAST-LINE"), "the tail is the real end of the output");
        assertTrue(f.getMessage().contains("bytes of output beyond the log limit were dropped"), f.getMessage());
    }

    @Test
    void declaredToolPathsAreReadOnlyAndSecretsCannotBeDeclared() throws Exception {
        Path tool = Files.createDirectories(builder.resolve("opt-tool"));
        Files.writeString(tool.resolve("version"), "tool 1.0\n");
        Path src = checkout();
        step().run(new BuildCommand(List.of("sh", "-c", "cat " + tool + "/version > got.txt; echo x > " + tool + "/w || echo RO >> got.txt"),
                30, null, new SandboxGrants(List.of(tool.toString()), false)), src, work, COMMIT_TIME);
        assertEquals("tool 1.0\nRO\n", Files.readString(src.resolve("got.txt")));
        for (String refused : List.of(secrets.toString(), secrets.resolve(".docker").toString(), builder.toString(), "/etc",
                System.getProperty("user.home"), "/no/such/tool")) {
            BuildFailure f = assertThrows(BuildFailure.class, () -> step().run(new BuildCommand(List.of("true"), 30, null,
                    new SandboxGrants(List.of(refused), false)), src, work, COMMIT_TIME), refused);
            assertTrue(f.getMessage().contains("refused: tool path '" + refused + "'"), f.getMessage());
        }
    }

    @Test
    void whatACompilerNeedsIsThere() throws Exception {
        Path src = checkout();
        Files.writeString(src.resolve("Hello.java"), "public class Hello { public static void main(String[] a) { System.out.println(\"hi \" + System.getProperty(\"user.name\")); } }");
        step().run(sh("javac -d out Hello.java && java -cp out Hello > out.txt && id -un >> out.txt", 120), src, work, COMMIT_TIME);
        assertEquals("hi build\nbuild\n", Files.readString(src.resolve("out.txt")));
    }

    @Test
    void withoutASandboxUntrustedCodeIsRefusedAndTrustedOnlyWhenAllowed() throws Exception {
        Path src = checkout();
        Sandbox none = Sandbox.unavailable(SandboxConfig.defaults(), "/usr/bin/bwrap is not an executable");
        BuildCommand cmd = sh("echo ran > ran.txt", 30);
        BuildFailure untrusted = assertThrows(BuildFailure.class,
                () -> new RunBuildCommandStep(Duration.ofMinutes(1), none).run(cmd, src, work, COMMIT_TIME, false));
        assertTrue(untrusted.getMessage().contains("refused: untrusted code (a pull request) only runs in the sandbox, and no sandbox works"
                + " on this builder: /usr/bin/bwrap is not an executable"), untrusted.getMessage());
        BuildFailure trusted = assertThrows(BuildFailure.class,
                () -> new RunBuildCommandStep(Duration.ofMinutes(1), none).run(cmd, src, work, COMMIT_TIME, true));
        assertTrue(trusted.getMessage().contains("tagline.builder.sandbox.allow-unsandboxed-trusted is false"), trusted.getMessage());
        assertFalse(Files.exists(src.resolve("ran.txt")));
        Sandbox allowed = Sandbox.unavailable(SandboxConfig.defaults().with(Path.of("/no/bwrap"), true), "missing");
        assertThrows(BuildFailure.class, () -> new RunBuildCommandStep(Duration.ofMinutes(1), allowed).run(cmd, src, work, COMMIT_TIME, false));
        new RunBuildCommandStep(Duration.ofMinutes(1), allowed).run(cmd, src, work, COMMIT_TIME, true);
        assertEquals("ran\n", Files.readString(src.resolve("ran.txt")));
    }

    @Test
    void aMissingBwrapMakesTheSandboxUnavailableWithTheReason() {
        Sandbox missing = Sandbox.start(SandboxConfig.defaults().with(Path.of("/no/such/bwrap"), false), List.of());
        assertFalse(missing.available());
        assertTrue(missing.unavailableReason().contains("/no/such/bwrap is not an executable"), missing.unavailableReason());
    }

    @Test
    void theRecipeEnvironmentAndAPrivateHomeAreThere() throws Exception {
        Path src = checkout();
        step().run(new BuildCommand(List.of("sh", "-c", "echo \"$GREETING $HOME $TMPDIR $(pwd)\" > env.txt; env > all.txt"), 30,
                Map.of("GREETING", "hi")), src, work, COMMIT_TIME);
        assertEquals("hi /home/build /tmp /workspace\n", Files.readString(src.resolve("env.txt")));
        assertFalse(Files.readString(src.resolve("all.txt")).contains("JAVA_HOME="));
    }
}
