package dev.tagline.schema.kafka;

import dev.tagline.schema.topic.Topic;
import dev.tagline.schema.topic.Topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The retention each pipeline topic needs, owned by the code (shared-schemas/README.md says why for
 * each). {@link TopicCreator} creates topics with these settings and checks that existing topics
 * do not contradict a {@link #required() required} one.
 *
 * @param topic       the topic name
 * @param retentionMs {@code retention.ms}; -1 keeps records forever
 * @param required    true when a shorter retention, or compaction, silently breaks a service (the
 *                    ref-event log is the source of every replay; build results are the pruner's push times)
 * @param why         the reason, for logs and health details
 */
public record TopicSettings(String topic, long retentionMs, boolean required, String why) {
    public static final long FOREVER = -1;

    public Map<String, String> configs() {
        return Map.of("retention.ms", Long.toString(retentionMs), "cleanup.policy", "delete");
    }

    /** Every topic of the pipeline and its dead-letter twin. */
    public static List<TopicSettings> all() {
        List<TopicSettings> out = new ArrayList<>();
        out.add(new TopicSettings(Topics.REF_EVENTS_NAME, FOREVER, true,
                "the audit trail of every ref change and the source of every replay"));
        out.add(new TopicSettings(Topics.TAG_PLANS_NAME, Duration.ofDays(30).toMillis(), false,
                "a plan is consumed within minutes; 30 days outlast any builder outage and a replay re-plans from git.ref-events"));
        out.add(new TopicSettings(Topics.BUILD_RESULTS_NAME, FOREVER, true,
                "registry-pruner's push times: the OCI API has none, and a forgotten push time makes a fresh image look old"));
        out.add(new TopicSettings(Topics.PRUNE_AUDIT_NAME, Duration.ofDays(365).toMillis(), false,
                "a year of deletion decisions for audits"));
        out.add(new TopicSettings(Topics.RELEASE_DECISIONS_NAME, Duration.ofDays(365).toMillis(), false,
                "a year of release decisions for audits; the tags they created are in Git and on git.ref-events"));
        for (Topic<?> t : Topics.ALL) {
            out.add(new TopicSettings(t.deadLetterName(), FOREVER, false,
                    "dead letters wait for a human; they are few and the original record may have expired"));
        }
        return out;
    }

    public static Optional<TopicSettings> of(String topic) {
        return all().stream().filter(s -> s.topic().equals(topic)).findFirst();
    }

    /**
     * What is wrong with an existing topic's configuration for this setting, or empty.
     *
     * @param actual the topic's {@code retention.ms} and {@code cleanup.policy} as the broker reports them
     */
    public Optional<String> problem(Map<String, String> actual) {
        if (!required) {
            return Optional.empty();
        }
        String policy = actual.getOrDefault("cleanup.policy", "delete");
        if (policy.contains("compact")) {
            return Optional.of(topic + " has cleanup.policy=" + policy + ": compaction by repository key keeps one record per repository; "
                    + "it must be delete with retention.ms=" + retentionMs + " (" + why + ")");
        }
        long actualRetention;
        try {
            actualRetention = Long.parseLong(actual.getOrDefault("retention.ms", "-1"));
        } catch (NumberFormatException e) {
            return Optional.of(topic + " has an unreadable retention.ms=" + actual.get("retention.ms"));
        }
        boolean shorter = retentionMs == FOREVER ? actualRetention >= 0 : actualRetention >= 0 && actualRetention < retentionMs;
        if (shorter) {
            return Optional.of(topic + " has retention.ms=" + actualRetention + " (" + Duration.ofMillis(actualRetention) + "); it needs "
                    + (retentionMs == FOREVER ? "-1 (forever)" : Long.toString(retentionMs)) + ": " + why
                    + ". Fix: kafka-configs --alter --entity-type topics --entity-name " + topic + " --add-config retention.ms=" + retentionMs);
        }
        return Optional.empty();
    }
}
