package dev.tagline.builder.support;

import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.topic.Topics;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestRepo;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What a test of image-builder processes ({@link BuilderProcesses}) starts from: the plan and result topics, a work
 * directory for the processes' cache and logs, a Git repository with one commit, and the result topic's end offsets
 * before anything was sent (where the test reads its results from).
 */
public record ProcessStage(Path work, TestRepo git, String sha, Instant commitTime, Map<TopicPartition, Long> resultsFrom)
        implements AutoCloseable {

    public static ProcessStage create(String name, Instant commitTime) throws Exception {
        KafkaProbe.createTopics(2, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME);
        Path work = Files.createTempDirectory(name);
        TestRepo git = GitRepos.create(work.resolve("repo"));
        String sha = git.commitAt("one", Map.of("app/run.sh", "#!/bin/sh\n"), commitTime);
        return new ProcessStage(work, git, sha, commitTime, KafkaProbe.endOffsets(Topics.BUILD_RESULTS_NAME));
    }

    /** A plan (not a rebuild) of the stage's commit, for source repository {@code repository}. */
    public TagPlan plan(String repository, String eventId, VariantPlan... variants) {
        return Plans.plan(repository, eventId, git.uri(), sha, commitTime, false, variants);
    }

    /** {@code host/name} on the shared local registry. */
    public String image(String name) {
        return LocalRegistry.shared().hostPort() + "/" + name;
    }

    /** Where the {@code n}th process started by the test writes its log. */
    public Path log(int n) {
        return work.resolve("builder-" + n + ".log");
    }

    /** Sends the plan as the planner does (keyed by its repository). */
    public static RecordMetadata send(TagPlan plan) {
        return KafkaProbe.send(Topics.TAG_PLANS_NAME, plan.partitionKey(), Topics.TAG_PLANS.encode(plan));
    }

    @Override
    public void close() {
        git.close();
    }
}
