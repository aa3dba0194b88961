package dev.tagline.planner.service;

import org.apache.kafka.common.TopicPartition;

import java.util.OptionalLong;

/**
 * The highest offset of an input partition that the calling stream thread has polled so far: the records up to it
 * are already in its buffer ({@link FetchedOffsetsInterceptor}). {@link PlanProcessor} asks for the commit of a live
 * event only once it reaches that offset, so the events of a burst that arrive in one poll are planned and committed
 * in one transaction instead of one transaction each.
 */
@FunctionalInterface
interface FetchedOffsets {
    /** Nothing known: every live event asks for its commit at once. */
    FetchedOffsets NONE = partition -> OptionalLong.empty();

    OptionalLong highest(TopicPartition partition);
}
