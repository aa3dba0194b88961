package dev.tagline.planner.service;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * tag-planner's settings ({@code tagline.planner.*}; env {@code TAGLINE_PLANNER_*}).
 *
 * @param policyDir            directory of release policies ({@code *.yml}, {@code *.yaml}), one per repository
 * @param policyReloadInterval how often the directory is checked for changes
 * @param applicationId        the Kafka Streams application id: the consumer group, the prefix of the
 *                             changelog topics and of the transactional ids
 * @param instanceId           this instance's stable id for static group membership ({@code group.instance.id});
 *                             default: the host name (a Kubernetes pod name)
 * @param stateDir             where the persistent state stores live, in a sub-directory per Kafka cluster id
 *                             (default: {@code <tmp>/tagline/tag-planner-state})
 * @param stateStore           {@code persistent} (RocksDB, bounded memory) or {@code in-memory}
 * @param commitInterval       the longest a transaction grows while the planner works through a backlog (a replay, a
 *                             burst): longer means fewer commits and more throughput
 * @param liveLag              an event processed within this time of being written to {@code git.ref-events} is live:
 *                             its transaction commits as soon as the records polled with it are processed, so its plan
 *                             does not wait for {@code commitInterval}
 * @param standbyReplicas      warm copies of each store kept on other instances, for fast failover
 * @param streamThreads        processing threads per instance; 0 (default): one per available processor (planning is CPU-bound)
 * @param dedupeWindow         how long an event id is remembered to drop the same event delivered twice
 */
@ConfigurationProperties("tagline.planner")
public record PlannerConfig(
        @Bindable(defaultValue = "policies") String policyDir,
        @Bindable(defaultValue = "10s") Duration policyReloadInterval,
        @Bindable(defaultValue = PlannerTopology.DEFAULT_APPLICATION_ID) String applicationId,
        @Nullable String instanceId,
        @Nullable String stateDir,
        @Bindable(defaultValue = "persistent") String stateStore,
        @Bindable(defaultValue = "1s") Duration commitInterval,
        @Bindable(defaultValue = "100ms") Duration liveLag,
        @Bindable(defaultValue = "0") int standbyReplicas,
        @Bindable(defaultValue = "0") int streamThreads,
        @Bindable(defaultValue = "30d") Duration dedupeWindow) {

    public boolean inMemory() {
        return "in-memory".equalsIgnoreCase(stateStore) || "memory".equalsIgnoreCase(stateStore);
    }
}
