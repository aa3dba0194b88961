package dev.tagline.builder.service;

import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.registry.Credentials;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.kafka.RetryableProcessingException;
import dev.tagline.schema.topic.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds and pushes every variant of a tag plan and publishes one build result per variant. Returns
 * (so the listener commits the plan's offset) only after every result is acknowledged by Kafka.
 */
@Singleton
public class BuildService {
    private static final Logger LOG = LoggerFactory.getLogger(BuildService.class);

    private final BuildResultPublisher publisher;
    private final BuilderMetrics metrics;
    private final RegistryAccess access;
    private final ExecutorService pool;
    private final PlanBuilder plans;

    public BuildService(BuilderConfig config, BuildResultPublisher publisher, BuilderMetrics metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
        CredentialStore credentials = Credentials.standard(config.dockerConfig());
        RegistryClient client = RegistryClient.builder()
                .credentials(credentials)
                .insecureRegistries(new HashSet<>(config.insecureRegistries()))
                .build();
        this.access = new RegistryAccess(client, credentials, new HashSet<>(config.insecureRegistries()));
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "variant-build-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.plans = new PlanBuilder(new VariantBuilder(config, access, Clock.systemUTC()), pool);
    }

    public void handle(TagPlan plan) {
        List<BuildResult> results;
        try {
            results = plans.build(plan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableProcessingException("interrupted while building plan " + plan.planId() + "; nothing was acknowledged", e);
        } catch (RejectedExecutionException e) {
            // shutting down: leave the plan unacknowledged (another instance, or the next start, builds it)
            throw new RetryableProcessingException("the builder is shutting down; plan " + plan.planId() + " was not acknowledged", e);
        }
        for (BuildResult result : results) {
            try {
                publisher.send(Topics.BUILD_RESULTS.key(result), Topics.BUILD_RESULTS.encode(result));
            } catch (RuntimeException e) {
                throw new RetryableProcessingException("cannot publish build result " + result.resultId() + ": " + e.getMessage(), e);
            }
            metrics.record(result);
            LOG.info("variant {} of plan {}: {} {}{}", result.variant(), plan.planId(), result.status(),
                    result.digest() == null ? "" : result.digest().value(),
                    result.error() == null ? "" : " - " + result.error());
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        access.close();
    }
}
