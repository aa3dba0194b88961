package dev.tagline.builder.cli;

import dev.tagline.builder.support.Skopeo;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.json.EventCodec;
import dev.tagline.testkit.CliRun;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.tagline.builder.support.Plans.appRecipe;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.tags;
import static dev.tagline.builder.support.Plans.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliIT {
    @TempDir
    Path tmp;

    @Test
    void buildCommandBuildsAPlanFileWithoutKafkaAndPrintsItsResults() throws Exception {
        String host = LocalRegistry.shared().hostPort();
        try (TestRepo repo = GitRepos.create(tmp.resolve("repo"))) {
            Instant time = Instant.parse("2026-07-01T00:00:00Z");
            String sha = repo.commitAt("one", Map.of("app/run.sh", "#!/bin/sh\n"), time);
            TagPlan p = plan("cli-e1", repo.uri(), sha, time, false, variant("base", host + "/cli/app", tags("1.0.0"),
                    List.of("linux/amd64"), appRecipe(), Map.of(), Map.of()));
            Path planFile = tmp.resolve("plan.json");
            Files.write(planFile, EventCodec.encode(p));
            CliRun run = CliRun.of(Cli::run, "build", planFile.toString(), "--cache-dir", tmp.resolve("cache").toString(),
                    "--insecure-registry", host, "--output", "json");

            assertEquals(0, run.exit(), run.err());
            BuildResult r = EventCodec.decode(run.out().trim(), BuildResult.class);
            assertEquals(BuildStatus.SUCCEEDED, r.status());
            assertEquals(r.digest().value(), Skopeo.inspect(host + "/cli/app:1.0.0").path("Digest").asText());
        }
    }

    @Test
    void anotherJvmWithItsOwnCachesBuildsTheSameDigest() throws Exception {
        String host = LocalRegistry.shared().hostPort();
        try (TestRepo repo = GitRepos.create(tmp.resolve("repo"))) {
            Instant time = Instant.parse("2026-07-02T00:00:00Z");
            String sha = repo.commitAt("one", Map.of("app/run.sh", "#!/bin/sh\n", "app/lib/a.txt", "a\n"), time);
            Path here = tmp.resolve("plan-here.json");
            Path there = tmp.resolve("plan-there.json");
            Files.write(here, EventCodec.encode(twoPlatformPlan("jvm-1", repo.uri(), sha, time, host + "/cli/jvm-one")));
            Files.write(there, EventCodec.encode(twoPlatformPlan("jvm-2", repo.uri(), sha, time, host + "/cli/jvm-two")));

            CliRun thisJvm = CliRun.of(Cli::run, "build", here.toString(), "--cache-dir", tmp.resolve("cache-1").toString(),
                    "--insecure-registry", host, "--output", "json");
            assertEquals(0, thisJvm.exit(), thisJvm.err());
            BuildResult inThisJvm = EventCodec.decode(thisJvm.out().trim(), BuildResult.class);

            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    // the test classpath holds two logback-test.xml (this module's, shared-schemas' test jar): logback then
                    // prints its status to stdout, which is where the JSON result goes
                    "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener", "dev.tagline.builder.Application",
                    // the old flags of the previous release still work (with a warning on stderr)
                    "build", there.toString(), "--cache-dir", tmp.resolve("cache-2").toString(), "--insecure", host, "--json")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), stdout);
            BuildResult inAnotherJvm = EventCodec.decode(stdout.trim(), BuildResult.class);

            assertEquals(inThisJvm.digest(), inAnotherJvm.digest());
            assertTrue(inAnotherJvm.bytesUploaded() > 0, "built and pushed, not found by key");
        }
    }

    private static TagPlan twoPlatformPlan(String eventId, String uri, String sha, Instant time, String image) {
        return plan(eventId, uri, sha, time, true, variant("base", image, tags("1.0.0"), List.of("linux/amd64", "linux/arm64"),
                appRecipe(),
                Map.of("org.opencontainers.image.revision", sha), Map.of()));
    }

    @Test
    void badUsageExitsTwoWithTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(new String[]{"build"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("tagline build: Missing required parameter: 'PLAN'"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dryRunPrintsWhatWouldBePushedAndTouchesNoRegistry() throws Exception {
        TagPlan p = plan("cli-dry", "file:///nowhere.git", "6113728f27ae82c7b1a177c8d03f9e96e0adf246", Instant.parse("2026-07-01T00:00:00Z"), false,
                variant("base", "127.0.0.1:1/cli/dry", tags("1.0.0", "latest"), List.of("linux/amd64"),
                        appRecipe(), Map.of(), Map.of()));
        Path planFile = tmp.resolve("dry.json");
        Files.write(planFile, EventCodec.encode(p));
        CliRun run = CliRun.of(Cli::run, "build", planFile.toString(), "--dry-run");

        assertEquals(0, run.exit(), run.err());
        String text = run.out();
        assertTrue(text.startsWith("would build 1 variant(s) of "), text);
        assertTrue(text.contains("    127.0.0.1:1/cli/dry:1.0.0\n") && text.contains("    127.0.0.1:1/cli/dry:latest\n"), text);
    }
}
