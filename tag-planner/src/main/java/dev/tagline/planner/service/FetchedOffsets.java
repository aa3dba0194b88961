package dev.tagline.planner.service;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.TaskId;

import java.util.OptionalLong;

/**
 * The highest offset of a task's input partition that Kafka Streams has polled so far: the records up to it are
 * already in the task's buffer ({@link FetchedOffsetsInterceptor}). {@link PlanProcessor} asks for the commit of a live event only once it reaches that
 * offset, so the events of a burst that arrive in one poll are planned and committed in one transaction instead of
 * one transaction each.
 */
@FunctionalInterface
interface FetchedOffsets {
    /** Nothing known: every live event asks for its commit at once. */
    FetchedOffsets NONE = (task, partition) -> OptionalLong.empty();

    OptionalLong highest(TaskId task, TopicPartition partition);
}
