package dev.tagline.listener.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the listener itself ({@code tagline.listener.*}).
 *
 * @param maxBodyBytes     larger webhook bodies are refused with 413
 * @param publishTimeout   how long a webhook waits for Kafka's acknowledgement before answering 503
 * @param indexTimeout     how long publishing waits for the published-event index to read the log
 * @param cacheDir         where the per-remote bare caches live (commit times, peeling)
 * @param pollerEnabled    run the poller for repositories with a poll interval
 * @param firstPoll        {@code emit} (default): the first poll of a remote publishes every watched
 *                         ref the log does not already hold in that state (nothing is lost);
 *                         {@code baseline}: it records the refs without events
 * @param schedulesEnabled run the configured schedules
 * @param reconcileInterval how often a repository without a poll interval (a webhook repository) is
 *                         polled anyway, to see what no webhook announced; zero turns it off. A
 *                         repository's own {@code reconcile-interval} overrides it
 * @param retryInitial     first wait after a failed broker request or a failed hand-off (doubles, with jitter)
 * @param retryMax         the longest wait between retries
 * @param instanceId       this instance's stable id: the consumer group's {@code group.instance.id}
 *                         (static membership); blank means the host name
 */
@ConfigurationProperties("tagline.listener")
public record ListenerConfig(
        @Bindable(defaultValue = "1048576") int maxBodyBytes,
        @Bindable(defaultValue = "5s") Duration publishTimeout,
        @Bindable(defaultValue = "4s") Duration indexTimeout,
        @Bindable(defaultValue = "/tmp/tagline-listener-cache") String cacheDir,
        @Bindable(defaultValue = "true") boolean pollerEnabled,
        @Bindable(defaultValue = "emit") String firstPoll,
        @Bindable(defaultValue = "true") boolean schedulesEnabled,
        @Bindable(defaultValue = "5m") Duration reconcileInterval,
        @Bindable(defaultValue = "250ms") Duration retryInitial,
        @Bindable(defaultValue = "5s") Duration retryMax,
        @Bindable(defaultValue = "") String instanceId) {

    public dev.tagline.listener.service.Backoff backoff() {
        return new dev.tagline.listener.service.Backoff(retryInitial, retryMax);
    }
}
