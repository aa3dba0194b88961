package dev.tagline.listener.service;

import dev.tagline.listener.config.ListenerConfig;
import dev.tagline.listener.git.GitAccessException;
import dev.tagline.listener.git.GitRemotes;
import dev.tagline.listener.git.RemoteRef;
import dev.tagline.listener.git.ResolvedCommit;
import dev.tagline.listener.poller.DetectedChange;
import dev.tagline.listener.poller.PollCycle;
import dev.tagline.listener.poller.RefDiff;
import dev.tagline.listener.poller.SeenRef;
import dev.tagline.listener.repository.RegisteredRepository;
import dev.tagline.listener.repository.RepositoryRegistry;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.InvalidValueException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the remotes with {@code ls-remote}, for the repositories this instance owns: those with a
 * poll interval at that interval, and webhook repositories at their (slow) reconcile interval, so
 * tags no webhook announced (more than three pushed at once, a lost delivery, downtime) are seen too.
 * Each poll compares with the last-seen refs, publishes created, moved and deleted tags and
 * watched branch heads (peeled, with commit times from the per-remote bare cache), then records the
 * new snapshot. A remote that cannot be read changes nothing (no deletions); a snapshot is recorded
 * only after its events were acknowledged, so a crash in between re-emits events with the same ids,
 * which the published-event index drops.
 */
@Singleton
public class PollerService implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(PollerService.class);

    public enum Status { NOT_OWNER, NOT_READY, REMOTE_UNAVAILABLE, BASELINE, UNCHANGED, PUBLISHED, PUBLISH_FAILED }

    public record Outcome(Status status, List<String> published, List<String> duplicates) {
    }

    private static final Duration FIRST_POLL = PollSchedule.FIRST_POLL;

    private final RepositoryRegistry registry;
    private final GitRemotes git;
    private final PollerStateStore states;
    private final PublishedEventIndex index;
    private final RefEventPublisher publisher;
    private final Ownership ownership;
    private final ListenerConfig config;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    public PollerService(RepositoryRegistry registry, GitRemotes git, PollerStateStore states, PublishedEventIndex index,
                         RefEventPublisher publisher, Ownership ownership, ListenerConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.git = git;
        this.states = states;
        this.index = index;
        this.publisher = publisher;
        this.ownership = ownership;
        this.config = config;
        this.meters = meters;
        if (!"emit".equalsIgnoreCase(config.firstPoll()) && !"baseline".equalsIgnoreCase(config.firstPoll())) {
            throw new IllegalArgumentException("tagline.listener.first-poll must be emit or baseline, was '" + config.firstPoll() + "'");
        }
    }

    @Override
    public synchronized void onApplicationEvent(ServerStartupEvent event) {
        List<RegisteredRepository> polled = registry.all().stream().filter(this::isRead).toList();
        if (polled.isEmpty() || executor != null) {
            return;
        }
        states.start();
        executor = DaemonScheduler.start("poller");
        // create the state topic off the startup thread (the broker may be away); polls retry it too
        executor.execute(states::ensureTopic);
        for (RegisteredRepository repo : polled) {
            Duration interval = repo.readInterval(config.reconcileInterval()).orElseThrow();
            schedule(new PollSchedule(repo, interval), FIRST_POLL);
            LOG.info("{} {} every {}", repo.pollInterval() != null ? "polling" : "reconciling", repo.id(), interval);
        }
    }

    private void schedule(PollSchedule schedule, Duration delay) {
        ScheduledExecutorService ex = executor;
        if (ex == null || ex.isShutdown()) {
            return;
        }
        try {
            ex.schedule(() -> {
                Status status = pollQuietly(schedule.repo());
                Duration next = schedule.next(status, Math::random);
                if (schedule.failures() > 0) {
                    LOG.info("poll of {} {}, retrying in {} ms", schedule.repo().id(), status.name().toLowerCase(), next.toMillis());
                }
                schedule(schedule, next);
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Whether this repository is read with ls-remote at all (polled, or reconciled), so a hand-off to it completes. */
    public boolean isRead(RegisteredRepository repo) {
        return config.pollerEnabled() && repo.readInterval(config.reconcileInterval()).isPresent();
    }

    private Status pollQuietly(RegisteredRepository repo) {
        try {
            return poll(repo).status();
        } catch (RuntimeException e) {
            LOG.error("poll of {} failed: {}", repo.id(), e.getMessage(), e);
            return Status.PUBLISH_FAILED;
        }
    }

    /** One poll of one repository (the scheduler calls this; tests may too). */
    public Outcome poll(RegisteredRepository repo) {
        return poll(repo, Set.of());
    }

    /**
     * @param announced refs a webhook announced that could not be published then (a hand-off): they are
     *                  published even by a first poll in {@code baseline} mode, which records the rest silently
     */
    public Outcome poll(RegisteredRepository repo, Set<String> announced) {
        Outcome outcome;
        // the schedule and a hand-off may poll one repository at once: one at a time
        synchronized (locks.computeIfAbsent(repo.id().value(), k -> new Object())) {
            outcome = pollOnce(repo, announced);
        }
        meters.counter("tagline.listener.polls", "status", outcome.status().name().toLowerCase()).increment();
        return outcome;
    }

    private Outcome pollOnce(RegisteredRepository repo, Set<String> announced) {
        if (!ownership.owns(repo.id())) {
            return new Outcome(Status.NOT_OWNER, List.of(), List.of());
        }
        if (!states.awaitCaughtUp(config.indexTimeout()) || !index.awaitCaughtUp(config.indexTimeout())) {
            return new Outcome(Status.NOT_READY, List.of(), List.of());
        }
        Map<String, RemoteRef> advertised;
        Instant seenAt = clock.instant();
        try {
            advertised = git.lsRemote(repo.cloneUrl());
        } catch (GitAccessException e) {
            LOG.warn("remote of {} unavailable, nothing changes: {}", repo.id(), e.getMessage());
            return new Outcome(Status.REMOTE_UNAVAILABLE, List.of(), List.of());
        }
        Map<String, String> now = new TreeMap<>();
        advertised.forEach((name, ref) -> now.put(name, ref.objectId()));
        PollerState last = states.get(repo.id()).orElse(null);
        boolean baseline = last == null && !"emit".equalsIgnoreCase(config.firstPoll());
        Map<String, SeenRef> lastSeen = new HashMap<>();
        if (last != null) {
            last.refs().forEach((name, seen) -> lastSeen.put(name, new SeenRef(seen.object(), seen.commit())));
        }
        List<DetectedChange> changes = RefDiff.diff(lastSeen, now, repo::watches);
        try {
            Map<GitRef, String> toResolve = new LinkedHashMap<>();
            for (DetectedChange c : changes) {
                if (c.change() != RefChange.DELETED) {
                    toResolve.put(c.ref(), c.objectId());
                }
            }
            Map<GitRef, PollCycle.Commit> resolved = new HashMap<>();
            for (Map.Entry<GitRef, ResolvedCommit> e : git.resolveAll(repo.cloneUrl(), toResolve).entrySet()) {
                resolved.put(e.getKey(), new PollCycle.Commit(e.getValue().commit(), e.getValue().commitTime()));
            }
            Map<String, SeenRef> unchanged = new TreeMap<>();
            lastSeen.forEach((name, seen) -> {
                if (seen.objectId().equals(now.get(name)) && watched(repo, name)) {
                    unchanged.put(name, seen);
                }
            });
            Instant observed = clock.instant();
            PollCycle cycle = PollCycle.of(repo.id(), repo.cloneUrl(), changes, resolved, unchanged, observed);
            PublishResult result = new PublishResult(List.of(), List.of());
            if (!baseline) {
                result = publisher.publish(cycle.events(), seenAt);
            } else if (!announced.isEmpty()) {
                result = publisher.publish(cycle.events().stream().filter(e -> announced.contains(e.ref().value())).toList(), seenAt);
            }
            Map<String, PollerState.Seen> snapshot = new TreeMap<>();
            cycle.nextSnapshot().forEach((name, seen) -> snapshot.put(name, new PollerState.Seen(seen.objectId(), seen.commit())));
            if (last == null || !snapshot.equals(last.refs())) {
                states.put(new PollerState(PollerState.CURRENT, repo.id().value(), repo.cloneUrl(), snapshot, observed));
            }
            if (baseline) {
                LOG.info("first poll of {}: recorded {} refs as the baseline, published {} announced by webhooks", repo.id(),
                        snapshot.size(), result.published().size());
                return new Outcome(Status.BASELINE, result.published(), result.duplicates());
            }
            return new Outcome(cycle.events().isEmpty() ? Status.UNCHANGED : Status.PUBLISHED, result.published(), result.duplicates());
        } catch (GitAccessException e) {
            LOG.warn("cannot read new commits of {}, will retry: {}", repo.id(), e.getMessage());
            return new Outcome(Status.REMOTE_UNAVAILABLE, List.of(), List.of());
        } catch (KafkaUnavailableException e) {
            LOG.warn("poll of {} not recorded, will retry: {}", repo.id(), e.getMessage());
            return new Outcome(Status.PUBLISH_FAILED, List.of(), List.of());
        }
    }

    private static boolean watched(RegisteredRepository repo, String name) {
        try {
            GitRef ref = GitRef.parse(name);
            return (ref.isBranch() || ref.isTag()) && repo.watches(ref);
        } catch (InvalidValueException e) {
            return false;
        }
    }

    @PreDestroy
    synchronized void stop() throws InterruptedException {
        DaemonScheduler.stop(executor);
    }
}
