package dev.tagline.listener.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * A schedule ({@code tagline.schedules.<name>.*}): at each cron slot, a SCHEDULED event for the head
 * of {@code branch} of {@code repository}.
 *
 * @param name       the schedule's name in events (e.g. {@code nightly}); the config key
 * @param repository the config key or the id of a configured repository
 * @param branch     the branch whose head is built; default {@code main}
 * @param cron       five fields {@code minute hour day-of-month month day-of-week}, or {@code @daily} etc.
 * @param zone       the time zone the cron is read in; default UTC
 */
@EachProperty("tagline.schedules")
public record ScheduleConfig(@Parameter String name,
                             String repository,
                             @Nullable String branch,
                             String cron,
                             @Nullable String zone) {
}
