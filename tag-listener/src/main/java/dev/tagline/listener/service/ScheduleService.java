package dev.tagline.listener.service;

import dev.tagline.listener.config.ListenerConfig;
import dev.tagline.listener.config.ScheduleConfig;
import dev.tagline.listener.git.GitAccessException;
import dev.tagline.listener.git.GitRemotes;
import dev.tagline.listener.git.RemoteRef;
import dev.tagline.listener.git.ResolvedCommit;
import dev.tagline.listener.repository.RegisteredRepository;
import dev.tagline.listener.repository.RepositoryRegistry;
import dev.tagline.listener.schedule.CronExpression;
import dev.tagline.listener.schedule.ScheduleDefinition;
import dev.tagline.listener.schedule.ScheduleSlots;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.Schedule;
import dev.tagline.schema.value.GitRef;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fires the configured schedules: every tick, for each schedule of a repository this instance owns,
 * the slot {@link ScheduleSlots#due} says is due becomes a SCHEDULED event for the branch's current
 * head. What already fired is read from the log (the published-event index), so a restart fires a
 * slot missed during the downtime once and never a slot twice.
 */
@Singleton
public class ScheduleService implements ApplicationEventListener<ServerStartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);
    private static final long TICK_SECONDS = 10;
    /**
     * The delivery id of an event an operator fired for a given (past) slot: it is not the schedule's own
     * progress, so it never makes the tick think the slots since it were missed.
     */
    public static final String OPERATOR_SLOT = "operator-slot";

    private final List<ScheduleDefinition> schedules;
    private final RepositoryRegistry registry;
    private final GitRemotes git;
    private final PublishedEventIndex index;
    private final RefEventPublisher publisher;
    private final Ownership ownership;
    private final ListenerConfig config;
    private final MeterRegistry meters;
    private final Instant startedAt;
    private final Map<String, Instant> failedSlots = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    public ScheduleService(List<ScheduleConfig> configs, RepositoryRegistry registry, GitRemotes git,
                           PublishedEventIndex index, RefEventPublisher publisher, Ownership ownership,
                           ListenerConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.schedules = configs.stream().map(c -> define(c, registry)).toList();
        this.git = git;
        this.index = index;
        this.publisher = publisher;
        this.ownership = ownership;
        this.config = config;
        this.meters = meters;
        this.startedAt = Clock.systemUTC().instant();
    }

    static ScheduleDefinition define(ScheduleConfig c, RepositoryRegistry registry) {
        String where = "tagline.schedules." + c.name();
        if (c.repository() == null) {
            throw new IllegalArgumentException(where + ".repository is required");
        }
        RegisteredRepository repo = registry.find(c.repository()).orElseThrow(() -> new IllegalArgumentException(
                where + ".repository '" + c.repository() + "' is not a configured repository"));
        if (c.cron() == null) {
            throw new IllegalArgumentException(where + ".cron is required");
        }
        ZoneId zone;
        try {
            zone = c.zone() == null || c.zone().isBlank() ? ZoneId.of("UTC") : ZoneId.of(c.zone());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(where + ".zone '" + c.zone() + "' is not a time zone (e.g. Europe/Berlin)");
        }
        CronExpression cron;
        try {
            cron = CronExpression.parse(c.cron());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".cron: " + e.getMessage(), e);
        }
        GitRef branch = GitRef.branch(c.branch() == null || c.branch().isBlank() ? "main" : c.branch());
        return new ScheduleDefinition(c.name(), repo.id(), branch, cron, zone);
    }

    public List<ScheduleDefinition> schedules() {
        return schedules;
    }

    @Override
    public synchronized void onApplicationEvent(ServerStartupEvent event) {
        if (!config.schedulesEnabled() || schedules.isEmpty() || executor != null) {
            return;
        }
        executor = DaemonScheduler.start("schedules");
        executor.scheduleWithFixedDelay(() -> {
            try {
                tick(Clock.systemUTC().instant());
            } catch (RuntimeException e) {
                LOG.error("schedule tick failed: {}", e.getMessage(), e);
            }
        }, 1, TICK_SECONDS, TimeUnit.SECONDS);
        schedules.forEach(s -> LOG.info("schedule {} for {} {}: '{}' in {}", s.name(), s.repository(), s.branch().shortName(),
                s.cron(), s.zone()));
    }

    /** Fires what is due at {@code now}; returns the ids published. */
    public List<String> tick(Instant now) {
        List<String> published = new ArrayList<>();
        if (!index.awaitCaughtUp(config.indexTimeout())) {
            return published;
        }
        for (ScheduleDefinition s : schedules) {
            if (!ownership.owns(s.repository())) {
                continue;
            }
            Instant last = index.lastScheduleSlot(s.repository(), s.name()).orElse(null);
            Optional<Instant> due = ScheduleSlots.due(s.cron(), s.zone(), last, startedAt, now);
            if (due.isPresent()) {
                published.addAll(fire(s, due.get(), now, null));
            }
        }
        return published;
    }

    /**
     * Runs a schedule now (an operator's "build the nightly now"): a SCHEDULED event for the branch's
     * current head whose slot is the current second, so repeating the request within that second
     * publishes nothing new. Empty when there is no schedule of that name; an empty list when nothing
     * could be published (the branch could not be read or Kafka did not acknowledge: see the log).
     */
    public Optional<List<String>> runNow(String name, Instant now) {
        return runByOperator(name, now, now, null);
    }

    /**
     * Runs a schedule for a given slot (an operator's "run the nightly of 2026-03-01"): a SCHEDULED event
     * for the branch's current head carrying that slot, so its date tags are the slot's. The slot is part
     * of the event id, so asking twice for one slot publishes it once. Empty and empty list as {@link #runNow}.
     */
    public Optional<List<String>> runAt(String name, Instant slot, Instant now) {
        return runByOperator(name, slot, now, OPERATOR_SLOT);
    }

    private Optional<List<String>> runByOperator(String name, Instant slot, Instant now, String deliveryId) {
        Optional<ScheduleDefinition> schedule = find(name);
        if (schedule.isEmpty()) {
            return Optional.empty();
        }
        if (!index.awaitCaughtUp(config.indexTimeout())) {
            return Optional.of(List.of());
        }
        return Optional.of(fire(schedule.get(), slot.truncatedTo(ChronoUnit.SECONDS), now, deliveryId));
    }

    /** The webhook secret of the schedule's repository: running a schedule by HTTP is signed with it. */
    public Optional<String> secretOf(String name) {
        return find(name).flatMap(s -> registry.find(s.repository())).flatMap(RegisteredRepository::webhookSecret);
    }

    private Optional<ScheduleDefinition> find(String name) {
        return schedules.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private List<String> fire(ScheduleDefinition s, Instant slot, Instant now, String deliveryId) {
        RegisteredRepository repo = registry.find(s.repository()).orElseThrow();
        String key = s.repository() + " " + s.name();
        try {
            RemoteRef head = git.lsRemote(repo.cloneUrl()).get(s.branch().value());
            if (head == null) {
                if (!slot.equals(failedSlots.put(key, slot))) {
                    LOG.warn("schedule {}: {} has no branch {}, slot {} skipped", s.name(), s.repository(), s.branch().shortName(), slot);
                }
                return List.of();
            }
            ResolvedCommit commit = git.resolve(repo.cloneUrl(), s.branch(), head.objectId());
            RefEvent event = RefEvent.create(repo.id(), repo.cloneUrl(), s.branch(), RefChange.SCHEDULED, null,
                    commit.commit(), commit.commitTime(), EventSource.SCHEDULE, deliveryId, now, null, null,
                    new Schedule(s.name(), slot));
            PublishResult result = publisher.publish(List.of(event));
            failedSlots.remove(key);
            meters.counter("tagline.listener.schedules.fired", "schedule", s.name()).increment();
            LOG.info("schedule {} fired for slot {}: {} at {}", s.name(), slot, s.branch().shortName(), commit.commit());
            return result.published();
        } catch (GitAccessException | KafkaUnavailableException e) {
            if (!slot.equals(failedSlots.put(key, slot))) {
                LOG.warn("schedule {} slot {} not fired yet, will retry: {}", s.name(), slot, e.getMessage());
            }
            return List.of();
        }
    }

    @PreDestroy
    synchronized void stop() throws InterruptedException {
        DaemonScheduler.stop(executor);
    }
}
