package dev.tagline.builder.signing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.schema.json.Jackson;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A verifier tagline did not write: the reference sigstore JavaScript libraries ({@code @sigstore/verify} 4.1.3,
 * {@code @sigstore/bundle} 5.0.1, pinned by the committed lockfile; {@code .ci/run} installs them with
 * {@code npm ci}) read the registry over HTTP and verify the cosign signature and the DSSE provenance offline
 * with tagline's public key ({@code src/test/sigstore-verify/verify.mjs}).
 */
class SigstoreJsIT {
    private static final Path SCRIPT_DIR = Path.of("src/test/sigstore-verify");
    private static SignedImages images;

    private record Run(int status, String out) {
    }

    @BeforeAll
    static void prepare() throws Exception {
        Assumptions.assumeTrue(available("node") && available("npm"),
                "node and npm are not installed: the independent sigstore JS verifier cannot run (apt-get install nodejs npm)");
        if (!Files.isDirectory(SCRIPT_DIR.resolve("node_modules/@sigstore/verify"))) {
            // what .ci/run does; from the committed lockfile
            Run ci = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
            assertEquals(0, ci.status(), "npm ci in " + SCRIPT_DIR + " failed: " + ci.out());
        }
        images = SignedImages.get();
    }

    private static Run verify(String image, Path key) throws Exception {
        String name = image.substring(images.host.length() + 1);
        return run(List.of("node", "verify.mjs", "--registry", "http://" + images.host, "--image", name, "--key", key.toAbsolutePath().toString()),
                60);
    }

    @Test
    void everyReleaseTagVerifies() throws Exception {
        for (String tag : SignedImages.RELEASE_TAGS) {
            Run r = verify(images.release + ":" + tag, images.publicKey);
            assertEquals(0, r.status(), tag + ": " + r.out());
            JsonNode json = Jackson.mapper().readTree(r.out());
            assertTrue(json.get("ok").asBoolean(), r.out());
            assertEquals(images.releaseDigest.value(), json.get("digest").asText());
            assertEquals(images.releasePlan.commit().value(), json.at("/provenance/commit").asText());
        }
        assertEquals(0, verify(images.release + "@" + images.releaseDigest.value(), images.publicKey).status());
    }

    @Test
    void everyBadImageIsRejected() throws Exception {
        for (Map.Entry<String, String> bad : images.rejected.entrySet()) {
            Run r = verify(bad.getKey(), images.publicKey);
            assertEquals(1, r.status(), bad.getValue() + " must be rejected: " + r.out());
            String failing = bad.getValue().contains("provenance") ? "provenance" : "signature";
            assertTrue(r.out().contains("\"" + failing + "\":{\"ok\":false"), bad.getValue() + ": the " + failing + " is what fails: " + r.out());
        }
        Run otherKey = verify(images.release + ":latest", images.otherPublicKey);
        assertEquals(1, otherKey.status(), "the release does not verify with another public key: " + otherKey.out());
    }

    private static boolean available(String command) {
        try {
            Process p = new ProcessBuilder(command, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(SCRIPT_DIR.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
    }
}
