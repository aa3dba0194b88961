package dev.tagline.pruner.service;

import dev.tagline.schema.value.ImageRepository;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When pruning runs: after build results for an image repository (debounced: a burst of results gives
 * one run), on a schedule for every image with a policy, and when a pull request closes (its
 * {@code pr-<n>} tags become candidates). Runs of one repository never overlap (the run lock).
 */
@Singleton
public class PruneTriggers {
    private static final Logger LOG = LoggerFactory.getLogger(PruneTriggers.class);

    private final PrunerConfig config;
    private final Provider<PruneService> service;
    private final PolicyStore policies;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "prune-triggers");
        t.setDaemon(true);
        return t;
    });
    private final Map<ImageRepository, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();

    public PruneTriggers(PrunerConfig config, Provider<PruneService> service, PolicyStore policies) {
        this.config = config;
        this.service = service;
        this.policies = policies;
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        long every = config.schedule().toMillis();
        if (every > 0) {
            timer.scheduleWithFixedDelay(this::onSchedule, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** A build pushed to this repository: prune it once no more results came for the debounce time. */
    public void afterBuild(ImageRepository image) {
        if (policies.policyFor(image).isEmpty()) {
            return;
        }
        pending.compute(image, (k, previous) -> {
            if (previous != null) {
                previous.cancel(false);
            }
            return timer.schedule(() -> {
                pending.remove(image);
                service.get().runSafely(image, List.of(), "build-results");
            }, config.debounce().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** A pull request closed: its tags become candidates in every image its source repository pushes to. */
    public void pullRequestClosed(String sourceRepository, String number) {
        List<String> extra = List.of("pr-" + number, "pr-" + number + "-*");
        for (ImageRepository image : service.get().imagesOf(sourceRepository)) {
            timer.execute(() -> service.get().runSafely(image, extra, "pr-closed:" + number));
        }
    }

    void onSchedule() {
        for (ImageRepository image : policies.images()) {
            service.get().runSafely(image, List.of(), "schedule");
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdown(); // a run in progress finishes its current delete and verification; pending ones are dropped
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("a prune run did not finish within 30 s of shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
