package dev.tagline.pruner.service;

import dev.tagline.pruner.history.PushHistory;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.value.ImageRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import dev.tagline.schema.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records when tagline pushed or re-tagged each tag (the age retention uses) and triggers pruning.
 * Durable through the topic: at start the history is rebuilt by reading {@code image.build-results}
 * from the beginning; no prune runs before that finished (ages would otherwise fall back to config
 * created times and young images could look old).
 */
@Singleton
public class PushHistoryService {
    private static final Logger LOG = LoggerFactory.getLogger(PushHistoryService.class);

    private final PushHistory history = new PushHistory();
    private final CountDownLatch rebuilt = new CountDownLatch(1);
    private final String bootstrap;
    private final PrunerConfig config;
    private final PruneTriggers triggers;
    private final MeterRegistry meters;

    public PushHistoryService(@Value("${kafka.bootstrap.servers}") String bootstrap, PrunerConfig config, PruneTriggers triggers, MeterRegistry meters) {
        this.bootstrap = bootstrap;
        this.config = config;
        this.triggers = triggers;
        this.meters = meters;
        meters.counter("tagline.pruner.build.results"); // exported from the start, at 0
    }

    @EventListener
    void onStartup(StartupEvent event) {
        Thread t = new Thread(this::rebuild, "push-history-rebuild");
        t.setDaemon(true);
        t.start();
    }

    void rebuild() {
        try {
            long start = System.nanoTime();
            PushHistoryLoader.Loaded loaded = PushHistoryLoader.read(bootstrap, history, config.historyTimeout(), null);
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (loaded.complete()) {
                LOG.info("push history rebuilt from {} build results in {} ms", loaded.count(), ms);
            } else {
                LOG.warn("push history read partly ({} build results in {} ms): {} not read to its end within tagline.pruner.history-timeout; "
                        + "a repository is pruned only once its partition is read to the end", loaded.count(), ms, Topics.BUILD_RESULTS_NAME);
            }
        } catch (RuntimeException e) {
            LOG.error("could not rebuild the push history; prune runs will use only live events: {}", e.getMessage());
        } finally {
            rebuilt.countDown();
        }
    }

    public void record(BuildResult event) {
        Set<ImageRepository> touched = history.record(event);
        meters.counter("tagline.pruner.build.results").increment();
        touched.forEach(triggers::afterBuild);
    }

    /** The history as it is now, without waiting for the rebuild (ownership asks for sources from the poll thread). */
    public PushHistory current() {
        return history;
    }

    /** Reads newly assigned partitions to their end; false when the end was not reached in time. */
    boolean catchUp(java.util.Collection<Integer> partitions) {
        long start = System.nanoTime();
        int n = PushHistoryLoader.load(bootstrap, history, config.historyTimeout(), partitions);
        LOG.info("push history of partitions {} read to the end ({} build results) in {} ms", partitions, n, (System.nanoTime() - start) / 1_000_000);
        return n >= 0;
    }

    /** The history, once rebuilt (waits up to the configured timeout). */
    public PushHistory history() {
        try {
            if (!rebuilt.await(config.historyTimeout().plus(Duration.ofSeconds(5)).toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("push history still rebuilding; planning with what is known");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return history;
    }
}
