package dev.tagline.builder.cli;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.json.EventCodec;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.Digest;
import dev.tagline.testkit.CliRun;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

/** {@code tagline verify} against the real broker and registry. */
class VerifyIT {
    @TempDir
    Path tmp;

    private static CliRun cli(String... args) {
        return CliRun.of(Cli::run, args);
    }

    @Test
    void theRegistryMatchesThePlansUntilATagIsMovedByALaterPlan() throws Exception {
        KafkaProbe.createTopics(6, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME, Topics.PRUNE_AUDIT_NAME);
        String host = LocalRegistry.shared().hostPort();
        String image = host + "/cli/verify" + System.nanoTime();
        try (TestRepo repo = GitRepos.create(tmp.resolve("repo"))) {
            Instant time = Instant.parse("2026-07-03T00:00:00Z");
            String sha = repo.commitAt("one", Map.of("app/run.sh", "#!/bin/sh\n"), time);
            TagPlan p = plan("verify-e1", repo.uri(), sha, time, false, variant("base", image, tags("1.0.0", "latest"),
                    List.of("linux/amd64"), appRecipe(), Map.of(), Map.of()));
            Path planFile = tmp.resolve("plan.json");
            Files.write(planFile, EventCodec.encode(p));
            CliRun build = cli("build", planFile.toString(), "--cache-dir", tmp.resolve("cache").toString(), "--insecure-registry", host,
                    "--output", "json");
            assertEquals(0, build.exit(), build.err());
            BuildResult built = EventCodec.decode(build.out().trim(), BuildResult.class);
            KafkaProbe.send(Topics.TAG_PLANS_NAME, p.repository().value(), Topics.TAG_PLANS.encode(p));
            KafkaProbe.send(Topics.BUILD_RESULTS_NAME, p.repository().value(), Topics.BUILD_RESULTS.encode(built));

            CliRun ok = cli("verify", "--image", image, "--bootstrap-servers", KafkaProbe.bootstrap(), "--insecure-registry", host);
            assertEquals(0, ok.exit(), ok.err() + ok.out());
            assertTrue(ok.out().startsWith("verified 2 planned tag(s): ok 2 pruned 0 not_built 0 missing 0 wrong 0"), ok.out());

            // a later plan moves latest to an image the registry does not have under it
            TagPlan later = plan("verify-e2", repo.uri(), sha, time, true, variant("base", image, tags("1.0.1", "latest"),
                    List.of("linux/amd64"), appRecipe(), Map.of(), Map.of()));
            BuildResult laterBuilt = new BuildResult(built.schemaVersion(), BuildResult.idFor(later.planId(), "base"), later.planId(),
                    later.eventId(), later.repository(), later.commit(), "base", BuildStatus.SUCCEEDED, Digest.of("elsewhere"), built.mediaType(),
                    List.of(), built.tagsWritten(), List.of(), 0, 0, null, null, built.startedAt(), built.finishedAt());
            KafkaProbe.send(Topics.TAG_PLANS_NAME, later.repository().value(), Topics.TAG_PLANS.encode(later));
            KafkaProbe.send(Topics.BUILD_RESULTS_NAME, later.repository().value(), Topics.BUILD_RESULTS.encode(laterBuilt));

            CliRun wrong = cli("verify", "--image", image, "--bootstrap-servers", KafkaProbe.bootstrap(), "--insecure-registry", host,
                    "--output", "json");
            assertEquals(1, wrong.exit(), wrong.err() + wrong.out());
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(wrong.out());
            assertEquals(false, json.get("ok").asBoolean());
            Map<String, String> verdicts = new java.util.TreeMap<>();
            json.get("tags").forEach(t -> verdicts.put(t.get("tag").asText(), t.get("verdict").asText()));
            assertEquals(Map.of("1.0.0", "OK", "1.0.1", "MISSING", "latest", "WRONG"), verdicts);
        }
    }
}
