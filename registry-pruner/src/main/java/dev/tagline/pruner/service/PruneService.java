package dev.tagline.pruner.service;

import dev.tagline.pruner.inventory.Inventories;
import dev.tagline.pruner.execution.DeletesDisabledException;
import dev.tagline.pruner.execution.ExecutionReport;
import dev.tagline.pruner.execution.LocalRunLock;
import dev.tagline.pruner.execution.PruneExecutor;
import dev.tagline.pruner.execution.RunLock;
import dev.tagline.pruner.history.PushHistory;
import dev.tagline.pruner.retention.DeploymentInventory;
import dev.tagline.pruner.retention.IncompleteSnapshotException;
import dev.tagline.pruner.retention.RegistrySnapshot;
import dev.tagline.pruner.retention.RetentionPlan;
import dev.tagline.pruner.retention.RetentionPlanner;
import dev.tagline.pruner.snapshot.SnapshotReader;
import dev.tagline.registry.EnvCredentials;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.RepositoryId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One prune run of one image repository: snapshot (with tagline's push times), decide (pure), then act
 * (dry run unless {@code tagline.pruner.apply}), one audit per decision on {@code registry.prune-audit}.
 */
@Singleton
public class PruneService {
    private static final Logger LOG = LoggerFactory.getLogger(PruneService.class);

    private final PartitionOwnership ownership;
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closing;

    private final PrunerConfig config;
    private final PolicyStore policies;
    private final PushHistoryService history;
    private final AuditClient audits;
    private final MeterRegistry meters;
    private final RegistryClient client;
    private final RunLock lock;
    private final java.util.Optional<InventoryListener> inventoryTopic;
    private final PruneExecutor.Hooks hooks;

    public PruneService(PrunerConfig config, PolicyStore policies, PushHistoryService history, AuditClient audits, MeterRegistry meters,
                        @Value("${kafka.bootstrap.servers}") String bootstrap, java.util.Optional<InventoryListener> inventoryTopic,
                        PartitionOwnership ownership, Optional<PruneExecutor.Hooks> hooks) {
        this.hooks = hooks.orElse(PruneExecutor.Hooks.NONE);
        this.inventoryTopic = inventoryTopic;
        this.config = config;
        this.policies = policies;
        this.history = history;
        this.audits = audits;
        this.meters = meters;
        this.client = RegistryClient.builder().credentials(EnvCredentials.fromSystem())
                .insecureRegistries(new HashSet<>(config.insecure())).build();
        // one instance per repository: the owner of its image.build-results partition (see PartitionOwnership)
        this.lock = LocalRunLock.both(new LocalRunLock(), ownership);
        this.ownership = ownership;
    }

    /** Image repositories that builds of this source repository pushed to and that have a policy. */
    public List<ImageRepository> imagesOf(String sourceRepository) {
        PushHistory h = history.history();
        return policies.images().stream().filter(i -> sourceRepository.equals(h.sourceRepositoryOf(i))).toList();
    }

    void runSafely(ImageRepository image, List<String> extraCandidates, String trigger) {
        try {
            run(image, extraCandidates, trigger);
        } catch (RuntimeException e) {
            LOG.error("prune run of {} ({}) failed: {}", image, trigger, e.toString());
            meters.counter("tagline.pruner.runs", "trigger", kind(trigger), "result", "error").increment();
        }
    }

    public Optional<ExecutionReport> run(ImageRepository image, List<String> extraCandidates, String trigger) {
        Optional<PolicyStore.Entry> entry = policies.policyFor(image);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (closing) {
            return Optional.empty();
        }
        active.incrementAndGet();
        try {
            return runOwned(image, extraCandidates, trigger, entry);
        } finally {
            active.decrementAndGet();
        }
    }

    private Optional<ExecutionReport> runOwned(ImageRepository image, List<String> extraCandidates, String trigger, Optional<PolicyStore.Entry> entry) {
        if (!ownership.owns(image)) {
            LOG.debug("{} ({}): not pruned here, its image.build-results partition {} is not owned by this instance", image, trigger,
                    ownership.partitionOf(image).map(String::valueOf).orElse("(unknown: tagline has not pushed to it)"));
            meters.counter("tagline.pruner.runs", "trigger", kind(trigger), "result", "not-owner").increment();
            return Optional.empty();
        }
        String runId = "run-" + UUID.randomUUID();
        try (MDC.MDCCloseable ignored = MDC.putCloseable("runId", runId)) {
            Timer.Sample sample = Timer.start(meters);
            String result = "ok";
            try {
                PushHistory pushes = history.history();
                java.time.Instant snapshotStarted = java.time.Instant.now();
                RegistrySnapshot snapshot = new SnapshotReader(client, pushes, 8, true, LOG::debug).read(image);
                DeploymentInventory inventory = inventory();
                RetentionPlan plan = entry.get().ecr() != null
                        ? RetentionPlanner.decide(snapshot, entry.get().ecr(), inventory, Clock.systemUTC())
                        : RetentionPlanner.decide(snapshot, entry.get().retention().withExtraCandidates(extraCandidates), inventory, Clock.systemUTC());
                String source = pushes.sourceRepositoryOf(image);
                ExecutionReport report = new PruneExecutor(client, lock, this::publish, Clock.systemUTC(), LOG::debug, hooks)
                        .recheck(config.recheckMode(), pushes::tagsWrittenSince, snapshotStarted)
                        .untagByDummyManifest(config.untagByDummy())
                        .apply(image, plan, config.apply(), runId, source == null ? null : RepositoryId.of(source));
                PruneMetrics.countDeletes(meters, report);
                LOG.info("prune run {} of {} ({}):\n{}", runId, image, trigger, report.summary());
                result = report.stopped() ? "stopped" : report.verified() ? "ok" : "unverified";
                return Optional.of(report);
            } catch (SnapshotReader.SnapshotException | IncompleteSnapshotException e) {
                result = "refused";
                LOG.warn("prune run {} of {} refused, nothing deleted: {}", runId, image, e.getMessage());
                return Optional.empty();
            } catch (DeletesDisabledException | RunLock.LockUnavailableException | IOException e) {
                result = "refused";
                LOG.warn("prune run {} of {}: {}", runId, image, e.getMessage());
                return Optional.empty();
            } finally {
                meters.counter("tagline.pruner.runs", "trigger", kind(trigger), "result", result).increment();
                sample.stop(meters.timer("tagline.pruner.run.duration", "trigger", kind(trigger)));
            }
        }
    }

    /** The file/URL inventory and the topic inventory together: a digest running anywhere is kept. */
    private DeploymentInventory inventory() throws IOException {
        DeploymentInventory fromConfig = Inventories.load(config.inventory());
        if (inventoryTopic.isEmpty()) {
            return fromConfig;
        }
        DeploymentInventory fromTopic = inventoryTopic.get().inventory();
        java.util.Set<dev.tagline.schema.value.Digest> all = new java.util.TreeSet<>(fromConfig.digests());
        all.addAll(fromTopic.digests());
        return new DeploymentInventory(all, fromConfig.digests().isEmpty() ? fromTopic.source() : fromConfig.source() + " and " + fromTopic.source());
    }

    private void publish(List<PruneAudit> list) {
        for (PruneAudit a : list) {
            audits.send(Topics.PRUNE_AUDIT.key(a), Topics.PRUNE_AUDIT.encode(a));
        }
        meters.counter("tagline.pruner.audits").increment(list.size());
    }

    private static String kind(String trigger) {
        int colon = trigger.indexOf(':');
        return colon < 0 ? trigger : trigger.substring(0, colon);
    }

    /** Lets the runs in progress finish (bounded) before the registry client closes under them. */
    @PreDestroy
    void close() {
        closing = true;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        client.close();
    }

}
