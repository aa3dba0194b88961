package dev.tagline.planner.service;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * tag-planner's settings ({@code tagline.planner.*}).
 *
 * @param policyDir             directory of release policies ({@code *.yml}, {@code *.yaml}), one per repository
 * @param policyReloadInterval  how often the directory is checked for changes
 * @param transactionalId       the Kafka transactional id of this instance (default: {@code tag-planner-<random>})
 * @param historyRebuildTimeout the longest a partition's release-history rebuild may read the ref-event log
 */
@ConfigurationProperties("tagline.planner")
public record PlannerConfig(
        @Bindable(defaultValue = "policies") String policyDir,
        @Bindable(defaultValue = "10s") Duration policyReloadInterval,
        @Nullable String transactionalId,
        @Bindable(defaultValue = "120s") Duration historyRebuildTimeout) {
}
