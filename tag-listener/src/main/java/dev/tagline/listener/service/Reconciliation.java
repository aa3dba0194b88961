package dev.tagline.listener.service;

import dev.tagline.listener.config.ListenerConfig;
import dev.tagline.listener.repository.RegisteredRepository;
import dev.tagline.listener.repository.RepositoryRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Completes webhooks that could not be completed when they arrived (the remote could not be read, the
 * broker was away) by handing them to the repository's reconciling poll, retried with capped
 * exponential backoff and jitter until a poll succeeds. Nothing of the delivery needs to be kept: the
 * remote holds the truth (the tag the webhook announced is there), and the poll publishes what the log
 * lacks, once. If this instance crashes before that, the next reconcile after the restart (1 s after
 * start, then every interval) does the same. If another instance owns the repository, its scheduled
 * reconcile picks the change up.
 */
@Singleton
public class Reconciliation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);
    /** The wait before the first attempt: lets a briefly unreachable remote or broker come back. */
    static final Duration FIRST_ATTEMPT = Duration.ofMillis(500);

    private final PollerService poller;
    private final PublishedEventIndex index;
    private final RepositoryRegistry registry;
    /** null until the log was first read to its end; then whether it is readable now. Watch thread only. */
    private Boolean wasReady;
    private final Ownership ownership;
    private final Backoff backoff;
    private final MeterRegistry meters;
    /** Per repository with a pending hand-off: how many hand-offs arrived (a poll that began before the last one does not complete it). */
    private final Map<String, Long> requested = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    /** Refs the handed-off webhooks named, per repository: published even by a baseline first poll. */
    private final Map<String, Set<String>> announced = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hand-offs");
        t.setDaemon(true);
        return t;
    });

    public Reconciliation(PollerService poller, Ownership ownership, ListenerConfig config, MeterRegistry meters,
                          PublishedEventIndex index, RepositoryRegistry registry) {
        this.poller = poller;
        this.index = index;
        this.registry = registry;
        this.ownership = ownership;
        this.backoff = new Backoff(config.retryInitial().compareTo(FIRST_ATTEMPT) < 0 ? FIRST_ATTEMPT : config.retryInitial(),
                config.retryMax().compareTo(FIRST_ATTEMPT) < 0 ? FIRST_ATTEMPT : config.retryMax());
        this.meters = meters;
        Gauge.builder("tagline.listener.handoffs.pending", requested, Map::size)
                .description("repositories with a webhook waiting to be completed by reconciliation").register(meters);
        executor.scheduleWithFixedDelay(this::watchBroker, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * After a broker outage every reconciled repository is reconciled at once: webhooks that were
     * refused meanwhile (readiness DOWN takes the instance out of a load balancer, and the forges do
     * not redeliver) would otherwise wait for the next interval.
     */
    private void watchBroker() {
        try {
            boolean ready = index.status().ready();
            if (ready && wasReady == Boolean.FALSE) {
                LOG.info("the broker is back: reconciling every repository now");
                registry.all().forEach(r -> handOff(r, Set.of(), "broker back after an outage"));
            }
            if (ready || wasReady != null) {
                wasReady = ready;
            }
        } catch (RuntimeException e) {
            LOG.warn("broker watch failed: {}", e.getMessage(), e);
        }
    }

    /**
     * Hands a delivery that could not be completed to the repository's reconciliation. False when the
     * repository is never reconciled (reconciliation off): then the sender must retry.
     */
    public boolean handOff(RegisteredRepository repo, Collection<String> refs, String why) {
        if (!poller.isRead(repo)) {
            return false;
        }
        announced.computeIfAbsent(repo.id().value(), k -> ConcurrentHashMap.newKeySet()).addAll(refs);
        if (!refs.isEmpty()) {
            meters.counter("tagline.listener.handoffs", "outcome", "accepted").increment();
        }
        LOG.info("{}: handed to reconciliation ({})", repo.id(), why);
        boolean[] first = {false};
        requested.compute(repo.id().value(), (k, n) -> {
            first[0] = n == null;
            return n == null ? 1L : n + 1;
        });
        if (first[0]) {
            attempts.put(repo.id().value(), 0);
            executor.schedule(() -> attempt(repo), FIRST_ATTEMPT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Repositories whose handed-off webhooks are not completed yet. */
    public int pending() {
        return requested.size();
    }

    private void attempt(RegisteredRepository repo) {
        String key = repo.id().value();
        Long asOf = requested.get(key);
        PollerService.Status status;
        try {
            status = poller.poll(repo, Set.copyOf(announced.getOrDefault(key, Set.of()))).status();
        } catch (RuntimeException e) {
            LOG.warn("{}: reconciliation failed: {}", repo.id(), e.getMessage(), e);
            status = PollerService.Status.PUBLISH_FAILED;
        }
        boolean done = switch (status) {
            case PUBLISHED, UNCHANGED, BASELINE -> true;
            // another instance owns it and reconciles it on its interval; while this instance knows of no
            // assignment at all (the group is re-forming after a broker outage) keep trying
            case NOT_OWNER -> ownership.ownsAny();
            case NOT_READY, REMOTE_UNAVAILABLE, PUBLISH_FAILED -> false;
        };
        if (done && requested.remove(key, asOf)) {
            attempts.remove(key);
            announced.remove(key);
            meters.counter("tagline.listener.handoffs", "outcome", "completed").increment();
            LOG.info("{}: handed-off webhook completed by reconciliation ({})", repo.id(), status.name().toLowerCase());
            return;
        }
        if (done) {
            // another hand-off arrived while this poll ran: poll again at once
            attempts.put(key, 0);
            executor.schedule(() -> attempt(repo), 0, TimeUnit.MILLISECONDS);
            return;
        }
        int n = attempts.merge(key, 1, Integer::sum);
        Duration wait = backoff.delay(n, ThreadLocalRandom.current()::nextDouble);
        if (n == 1 || n % 20 == 0) {
            LOG.warn("{}: reconciliation not done yet ({}), attempt {}, retrying in {} ms", repo.id(),
                    status.name().toLowerCase(), n, wait.toMillis());
        }
        if (!executor.isShutdown()) {
            executor.schedule(() -> attempt(repo), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
