package dev.tagline.builder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.builder.signing.SignedImages;
import dev.tagline.schema.json.Jackson;
import dev.tagline.testkit.CliRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tagline verify IMAGE --key PUBLIC.pem} against the real registry. */
class VerifyImageIT {
    private static SignedImages images;

    @BeforeAll
    static void make() throws Exception {
        images = SignedImages.get();
    }

    private static CliRun verify(String image, String... more) {
        String[] base = {"verify", image, "--key", images.publicKey.toString(), "--insecure-registry", images.host};
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(Cli::run, args);
    }

    @Test
    void everyReleaseTagVerifiesAndSaysWhereTheImageCameFrom() {
        for (String tag : SignedImages.RELEASE_TAGS) {
            CliRun run = verify(images.release + ":" + tag);
            assertEquals(0, run.exit(), tag + ": " + run.out() + run.err());
            assertTrue(run.out().contains("signature   OK"), run.out());
            assertTrue(run.out().contains("provenance  OK"), run.out());
            assertTrue(run.out().contains("commit      " + images.releasePlan.commit().value()), run.out());
            assertTrue(run.out().contains("ref         refs/tags/v1.0.0"), run.out());
            assertTrue(run.out().contains("policy      " + images.releasePlan.policyDigest()), run.out());
            assertTrue(run.out().contains("base image  scratch"), run.out());
            assertTrue(run.out().endsWith("verified\n"), run.out());
        }
        CliRun byDigest = verify(images.release + "@" + images.releaseDigest.value());
        assertEquals(0, byDigest.exit(), byDigest.out());
    }

    @Test
    void jsonOutputCarriesTheProvenanceFacts() throws Exception {
        CliRun run = verify(images.release + ":latest", "--output", "json");
        assertEquals(0, run.exit(), run.out() + run.err());
        JsonNode json = Jackson.mapper().readTree(run.out());
        assertTrue(json.get("ok").asBoolean());
        assertEquals(images.releaseDigest.value(), json.get("digest").asText());
        assertEquals(images.releasePlan.commit().value(), json.at("/provenanceFacts/commit").asText());
        assertEquals(images.releasePlan.planId(), json.at("/provenanceFacts/planId").asText());
    }

    @Test
    void everyBadImageIsRejected() {
        for (Map.Entry<String, String> bad : images.rejected.entrySet()) {
            CliRun run = verify(bad.getKey());
            assertEquals(1, run.exit(), bad.getValue() + " must not verify: " + run.out());
            assertTrue(run.out().endsWith("NOT verified\n"), run.out());
            String failing = bad.getValue().contains("provenance") ? "provenance  FAIL" : "signature   FAIL";
            assertTrue(run.out().contains(failing), bad.getValue() + ": " + run.out());
        }
        CliRun otherKey = CliRun.of(Cli::run, "verify", images.release + ":latest", "--key", images.otherPublicKey.toString(),
                "--insecure-registry", images.host);
        assertEquals(1, otherKey.exit(), "the release does not verify with another public key");
        CliRun missing = verify(images.release + ":9.9.9");
        assertEquals(1, missing.exit());
        assertTrue(missing.out().contains("does not exist"), missing.out());
    }

    @Test
    void anImageWithoutAKeyIsUsage() {
        assertEquals(2, CliRun.of(Cli::run, "verify", images.release + ":latest", "--insecure-registry", images.host).exit());
        assertEquals(2, CliRun.of(Cli::run, "verify", "--key", images.publicKey.toString()).exit());
        assertEquals(2, CliRun.of(Cli::run, "verify", "Not A Reference", "--key", images.publicKey.toString()).exit());
    }
}
