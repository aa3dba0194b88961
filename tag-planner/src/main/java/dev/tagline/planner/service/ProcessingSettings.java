package dev.tagline.planner.service;

import java.time.Duration;

/**
 * What the planning processor needs to know besides the policies.
 *
 * @param consumerGroup the group named in dead-letter headers (the application id)
 * @param dedupeWindow  how long an event id is remembered
 * @param liveLag       a record processed within this time of being written asks for an immediate commit
 * @param inMemory      the release facts in memory instead of RocksDB (both are restored from compacted changelogs);
 *                      the seen event ids are always in memory
 */
record ProcessingSettings(String consumerGroup, Duration dedupeWindow, Duration liveLag, boolean inMemory) {
    static ProcessingSettings of(PlannerConfig config) {
        return new ProcessingSettings(config.applicationId(), config.dedupeWindow(), config.liveLag(), config.inMemory());
    }
}
