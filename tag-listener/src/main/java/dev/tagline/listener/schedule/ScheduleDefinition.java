package dev.tagline.listener.schedule;

import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;

import java.time.ZoneId;

/** A validated schedule: at each slot of {@code cron} in {@code zone}, build the head of {@code branch}. */
public record ScheduleDefinition(String name, RepositoryId repository, GitRef branch, CronExpression cron, ZoneId zone) {
}
