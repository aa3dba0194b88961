package dev.tagline.builder.cli;

import dev.tagline.builder.support.Skopeo;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.json.EventCodec;
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

import static dev.tagline.builder.support.Plans.entrypoint;
import static dev.tagline.builder.support.Plans.layer;
import static dev.tagline.builder.support.Plans.plan;
import static dev.tagline.builder.support.Plans.recipe;
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
                    List.of("linux/amd64"), recipe(null, List.of(layer("app", "app", "/app")), null, entrypoint("/app/run.sh")), Map.of(), Map.of()));
            Path planFile = tmp.resolve("plan.json");
            Files.write(planFile, EventCodec.encode(p));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int status = Cli.run(new String[]{"build", planFile.toString(), "--cache-dir", tmp.resolve("cache").toString(), "--insecure", host},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

            assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
            BuildResult r = EventCodec.decode(out.toString(StandardCharsets.UTF_8).trim(), BuildResult.class);
            assertEquals(BuildStatus.SUCCEEDED, r.status());
            assertEquals(r.digest().value(), Skopeo.inspect(host + "/cli/app:1.0.0").path("Digest").asText());
        }
    }

    @Test
    void badUsageExitsTwoWithTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(new String[]{"build"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: image-builder build"));
    }
}
