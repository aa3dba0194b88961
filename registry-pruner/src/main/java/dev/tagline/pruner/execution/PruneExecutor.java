package dev.tagline.pruner.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagline.schema.json.Jackson;
import dev.tagline.schema.json.JsonText;
import dev.tagline.pruner.retention.PruneDecision;
import dev.tagline.pruner.retention.PruneDecision.Verdict;
import dev.tagline.pruner.retention.RetentionPlan;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.ErrorCode;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Acts on a {@link RetentionPlan}, safely:
 * <ul>
 *   <li>dry run unless asked to apply: the plan's decisions are reported and audited, nothing changes;</li>
 *   <li>audit before acting: an applied run first writes an intent per deletion it may make and deletes nothing
 *       unless the audit log acknowledged them ({@link AuditUnavailableException}); the outcomes follow the run;</li>
 *   <li>one run per image repository at a time ({@link RunLock}, checked again before every delete);</li>
 *   <li>before deleting, every tag is re-resolved: a tag that moved onto (or is new on) something the
 *       plan deletes saves it and everything it reaches; just before each delete the tags that were on
 *       that digest are re-resolved again, and the delete is skipped if any moved;</li>
 *   <li>parents before children; a skipped or failed parent keeps its children and referrers;</li>
 *   <li>a registry with deletes disabled stops the run at the first delete with one clear error;</li>
 *   <li>a verification pass re-lists the repository (every tag) and checks that every deleted digest is gone.</li>
 * </ul>
 */
public final class PruneExecutor {
    private static final int OUTCOME_ATTEMPTS = 3;
    private static final Duration OUTCOME_RETRY_BACKOFF = Duration.ofSeconds(2);

    private final RegistryClient client;
    private final RunLock lock;
    private final AuditSink audits;
    private final Clock clock;
    private final Consumer<String> progress;
    private final Hooks hooks;
    private final int parallelDeletes;
    private Recheck recheck = Recheck.ALL;
    private WrittenTags writtenTags = WrittenTags.NONE;
    private Instant snapshotStarted = Instant.EPOCH;
    private boolean untagByDummy;

    /**
     * What is re-resolved before the delete phase. {@link #ALL}: every listed tag (the only safe choice
     * when other tools write tags into the repository). {@link #MOVED}: only what can have moved when
     * tagline is the repository's only writer: tags that are new since the snapshot (from one re-listing)
     * and tags tagline wrote since the snapshot (from its push history). In both modes the tags on each
     * digest are resolved again right before that digest's delete.
     */
    public enum Recheck { ALL, MOVED }

    /** The tags tagline wrote into an image repository since an instant (its push history). */
    public interface WrittenTags {
        WrittenTags NONE = (repo, since) -> Set.of();

        Set<ImageTag> since(ImageRepository repo, Instant since);
    }

    /** Test seams around the act phase (e.g. a tag moving between planning and deleting). */
    public interface Hooks {
        Hooks NONE = new Hooks() { };

        default void beforeDelete(Digest digest) {
        }
    }

    public PruneExecutor(RegistryClient client, RunLock lock, AuditSink audits, Clock clock, Consumer<String> progress) {
        this(client, lock, audits, clock, progress, Hooks.NONE);
    }

    public PruneExecutor(RegistryClient client, RunLock lock, AuditSink audits, Clock clock, Consumer<String> progress, Hooks hooks) {
        this.client = client;
        this.lock = lock;
        this.audits = audits == null ? AuditSink.NONE : audits;
        this.clock = clock;
        this.progress = progress == null ? s -> { } : progress;
        this.hooks = hooks == null ? Hooks.NONE : hooks;
        this.parallelDeletes = DEFAULT_PARALLEL_DELETES;
    }

    /** Deletes of one wave (nothing in it references anything else in it) run this many at a time. */
    public static final int DEFAULT_PARALLEL_DELETES = 8;

    /**
     * Opt-in for registries that cannot delete a tag alone (CNCF Distribution): a candidate tag on a digest
     * that must stay ({@code shared-digest}) is untagged by pointing it at a tiny throwaway manifest of its
     * own and deleting that manifest; the kept digest is untouched. Audited with rule {@code shared-digest:untag}.
     */
    public PruneExecutor untagByDummyManifest(boolean enabled) {
        this.untagByDummy = enabled;
        return this;
    }

    /**
     * Re-resolve only what can have moved ({@link Recheck#MOVED}): {@code written} says which tags tagline
     * wrote since {@code snapshotStarted} (when reading the snapshot began).
     */
    public PruneExecutor recheck(Recheck mode, WrittenTags written, Instant snapshotStarted) {
        this.recheck = mode == null ? Recheck.ALL : mode;
        this.writtenTags = written == null ? WrittenTags.NONE : written;
        this.snapshotStarted = snapshotStarted == null ? Instant.EPOCH : snapshotStarted;
        return this;
    }

    public ExecutionReport apply(ImageRepository repo, RetentionPlan plan, boolean apply, String runId, RepositoryId source)
            throws DeletesDisabledException, RunLock.LockUnavailableException, AuditUnavailableException {
        Instant started = clock.instant();
        if (!apply) {
            List<PruneOutcome> outcomes = plan.decisions().stream().map(d -> new PruneOutcome(d, null, null)).toList();
            ExecutionReport report = new ExecutionReport(runId, repo.value(), true, plan, outcomes, List.of(), Duration.between(started, clock.instant()));
            publish(repo, source, report);
            return report;
        }
        try (RunLock.Lease lease = lock.acquire(repo)) {
            publishIntents(repo, source, runId, plan);
            Map<PruneDecision, PruneOutcome> outcomes = new LinkedHashMap<>();
            plan.decisions().forEach(d -> outcomes.put(d, new PruneOutcome(d, null, null)));
            Map<Digest, List<PruneDecision>> tagsOn = new TreeMap<>();
            plan.tagDecisions().forEach(d -> tagsOn.computeIfAbsent(d.digest(), x -> new ArrayList<>()).add(d));
            Map<Digest, PruneDecision> digestDecisions = new HashMap<>();
            plan.digestDecisions().forEach(d -> digestDecisions.put(d.digest(), d));

            Set<Digest> toDelete = new TreeSet<>(plan.deletedDigests());
            Map<Digest, String> saved = savedByMovedTags(repo, plan, toDelete);
            Map<Digest, Set<Digest>> edges = new HashMap<>();
            Set<Digest> blocked = new HashSet<>();
            int done = 0;
            int total = plan.deletedDigests().size() + plan.tagOnlyDeletions().size();
            boolean anyDeleted = false;
            Set<Digest> settled = new HashSet<>();
            Set<ImageTag> settledTags = new HashSet<>();
            String lost = null;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallelDeletes, r -> {
                Thread t = new Thread(r, "prune-delete");
                t.setDaemon(true);
                return t;
            });
            try {
                for (List<Digest> wave : plan.deletionWaves()) {
                    if (lost != null) {
                        break;
                    }
                    lease.ensureHeld();
                    List<java.util.concurrent.Future<Attempt>> attempts = new ArrayList<>();
                    for (Digest digest : wave) {
                        String savedWhy = saved.get(digest);
                        boolean isBlocked = blocked.contains(digest);
                        attempts.add(pool.submit(() -> attempt(repo, lease, digest, tagsOn.getOrDefault(digest, List.of()), savedWhy, isBlocked)));
                    }
                    DeletesDisabledException disabled = null;
                    for (int i = 0; i < wave.size(); i++) {
                        Digest digest = wave.get(i);
                        Attempt at = join(attempts.get(i));
                        done++;
                        settled.add(digest);
                        if ("lock-lost".equals(at.rule())) {
                            lost = at.why();
                        }
                        PruneDecision dd = digestDecisions.get(digest);
                        switch (at.result()) {
                            case DELETED -> {
                                anyDeleted = true;
                                at.resolved().forEach((d, r) -> outcomes.put(d, new PruneOutcome(d, r, null)));
                                progress.accept(String.format("[%d/%d] deleted %s%s", done, total, digest, describeTags(tagsOn.get(digest))));
                            }
                            case GONE -> progress.accept(String.format("[%d/%d] %s was already gone", done, total, digest));
                            case DISABLED -> disabled = new DeletesDisabledException("", at.error());
                            default -> {
                                skip(outcomes, dd, tagsOn, digest, at.rule(), at.why(), at.resolved());
                                if (lost == null) {
                                    blockDescendants(repo, plan, digest, edges, blocked);
                                }
                                progress.accept(String.format("[%d/%d] %s %s: %s", done, total,
                                        at.result() == Result.FAILED ? "FAILED" : "skipped", digest, at.why()));
                            }
                        }
                    }
                    if (disabled != null) {
                        RegistryException e = (RegistryException) disabled.getCause();
                        String msg = "the registry " + repo.registry() + " refuses deletes (" + e.code() + ", HTTP " + e.status() + ")"
                                + (anyDeleted ? "; the run stopped" : "; nothing was changed")
                                + ". Enable deletes (CNCF Distribution: storage.delete.enabled: true) or run without --apply.";
                        throw new DeletesDisabledException(msg, e);
                    }
                }
                Map<ImageTag, PruneDecision> byTag = new HashMap<>();
                plan.tagDecisions().forEach(d -> byTag.put(d.tag(), d));
                for (ImageTag tag : lost == null ? plan.tagOnlyDeletions() : List.<ImageTag>of()) {
                    lease.ensureHeld();
                    done++;
                    settledTags.add(tag);
                    PruneDecision td = byTag.get(tag);
                    try {
                        Optional<Descriptor> now = client.resolve(repo, tag);
                        if (now.isEmpty() || !now.get().digest().equals(td.digest())) {
                            outcomes.put(td, new PruneOutcome(td.with(Verdict.SKIPPED, "moved", "tag moved since planning (now "
                                    + now.map(d -> d.digest().value()).orElse("absent") + "): not deleted"), now.map(Descriptor::digest).orElse(null), null));
                            continue;
                        }
                        lease.whileHeld(() -> {
                            client.deleteTag(repo, tag);
                            return null;
                        });
                        outcomes.put(td, new PruneOutcome(td, now.get().digest(), null));
                        progress.accept(String.format("[%d/%d] deleted tag %s", done, total, tag));
                    } catch (RunLock.LockUnavailableException e) {
                        throw e;
                    } catch (Exception e) {
                        outcomes.put(td, new PruneOutcome(td.with(Verdict.SKIPPED, "delete-failed", "tag delete failed: " + e.getMessage()), null, null));
                    }
                }
                if (untagByDummy && lost == null) {
                    untagSharedDigestTags(repo, plan, lease, runId, outcomes);
                }
            } catch (RunLock.LockUnavailableException e) {
                lost = e.getMessage();
            } finally {
                pool.shutdownNow();
            }
            List<String> problems = new ArrayList<>();
            if (lost != null) {
                // ownership lost (a rebalance): what was deleted stays audited; nothing else is touched or judged
                // here, the new owner's run decides it again
                stopped(plan, lost, settled, settledTags, digestDecisions, tagsOn, outcomes);
                progress.accept("stopped: " + lost);
            }
            List<PruneOutcome> verified = verify(repo, new ArrayList<>(outcomes.values()), problems, lost == null);
            ExecutionReport report = new ExecutionReport(runId, repo.value(), false, plan, verified, problems, Duration.between(started, clock.instant()), lost);
            publish(repo, source, report);
            return report;
        }
    }

    /** The shared-digest tags the plan had to leave: each moved onto a throwaway manifest, which is then deleted. */
    private void untagSharedDigestTags(ImageRepository repo, RetentionPlan plan, RunLock.Lease lease, String runId,
                                       Map<PruneDecision, PruneOutcome> outcomes) throws RunLock.LockUnavailableException {
        List<PruneDecision> trapped = plan.tagDecisions().stream()
                .filter(d -> d.decision() == Verdict.SKIPPED && "shared-digest".equals(d.rule())).toList();
        if (trapped.isEmpty()) {
            return;
        }
        Digest config;
        try {
            config = client.pushBlob(repo, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (RegistryException e) {
            progress.accept("cannot untag: pushing the throwaway config failed: " + e.getMessage());
            return;
        }
        for (PruneDecision td : trapped) {
            lease.ensureHeld();
            try {
                Optional<Descriptor> now = client.resolve(repo, td.tag());
                if (now.isEmpty() || !now.get().digest().equals(td.digest())) {
                    continue; // moved or gone since planning: left as planned (skipped)
                }
                byte[] dummy = throwawayManifest(config, td.tag().value(), runId);
                Digest throwaway = lease.whileHeld(() -> client.putManifest(repo, td.tag(),
                        dummy, dev.tagline.registry.MediaTypes.OCI_MANIFEST));
                lease.whileHeld(() -> {
                    client.deleteManifest(repo, throwaway);
                    return null;
                });
                PruneDecision untagged = td.with(Verdict.DELETED, "shared-digest:untag", td.reason().replace(
                        "this registry cannot delete a tag without deleting its digest, so the tag stays",
                        "the tag was moved onto throwaway manifest " + throwaway + " and that was deleted (untag opt-in)"));
                outcomes.remove(td);
                outcomes.put(untagged, new PruneOutcome(untagged, now.get().digest(), null));
                progress.accept("untagged " + td.tag() + " (its digest " + td.digest() + " stays)");
            } catch (RunLock.LockUnavailableException e) {
                throw e;
            } catch (Exception e) {
                progress.accept("cannot untag " + td.tag() + ": " + e.getMessage());
            }
        }
    }

    private enum Result { DELETED, GONE, SKIPPED, FAILED, DISABLED }

    private record Attempt(Result result, String rule, String why, Map<PruneDecision, Digest> resolved, RegistryException error) {
    }

    /** One digest's delete, safe to run next to the others of its wave: checks, re-resolves its tags, deletes. */
    private Attempt attempt(ImageRepository repo, RunLock.Lease lease, Digest digest, List<PruneDecision> tags, String savedWhy, boolean blocked) {
        Map<PruneDecision, Digest> resolved = new LinkedHashMap<>();
        if (savedWhy != null) {
            return new Attempt(Result.SKIPPED, "moved", savedWhy, resolved, null);
        }
        if (blocked) {
            return new Attempt(Result.SKIPPED, "parent-kept", "its parent or subject was not deleted, so it is still referenced", resolved, null);
        }
        hooks.beforeDelete(digest);
        try {
            lease.ensureHeld(); // lost while this wave was queued: stop without even re-resolving
        } catch (RunLock.LockUnavailableException e) {
            return new Attempt(Result.SKIPPED, "lock-lost", e.getMessage(), resolved, null);
        }
        String why = movedTag(repo, digest, tags, resolved);
        if (why != null) {
            return new Attempt(Result.SKIPPED, "moved", why, resolved, null);
        }
        try {
            lease.whileHeld(() -> {
                client.deleteManifest(repo, digest);
                return null;
            });
            return new Attempt(Result.DELETED, null, null, resolved, null);
        } catch (RunLock.LockUnavailableException e) {
            return new Attempt(Result.SKIPPED, "lock-lost", e.getMessage(), resolved, null);
        } catch (RegistryException e) {
            if (e.code() == ErrorCode.DELETE_DISABLED || e.code() == ErrorCode.UNSUPPORTED || e.status() == 405) {
                return new Attempt(Result.DISABLED, null, null, resolved, e);
            }
            if (e.code() == ErrorCode.MANIFEST_UNKNOWN || e.status() == 404) {
                return new Attempt(Result.GONE, null, null, resolved, e);
            }
            return new Attempt(Result.FAILED, "delete-failed", "delete failed: " + e.getMessage(), resolved, e);
        } catch (Exception e) {
            return new Attempt(Result.FAILED, "delete-failed", "delete failed: " + e, resolved, null);
        }
    }

    private static Attempt join(java.util.concurrent.Future<Attempt> f) {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return new Attempt(Result.FAILED, "delete-failed", "delete failed: " + e.getCause(), new LinkedHashMap<>(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(Result.SKIPPED, "interrupted", "interrupted before deleting", new LinkedHashMap<>(), null);
        }
    }

    /** Re-resolves every tag now: a tag that is new or moved onto something to be deleted saves it and all it reaches. */
    private Map<Digest, String> savedByMovedTags(ImageRepository repo, RetentionPlan plan, Set<Digest> toDelete) {
        Map<Digest, String> saved = new TreeMap<>();
        if (toDelete.isEmpty()) {
            return saved;
        }
        Map<ImageTag, Digest> planned = new HashMap<>();
        plan.tagDecisions().forEach(d -> planned.put(d.tag(), d.digest()));
        Set<ImageTag> deletedTags = new HashSet<>(plan.deletedTags());
        List<ImageTag> current;
        try {
            current = client.listTags(repo);
        } catch (RegistryException e) {
            toDelete.forEach(d -> saved.put(d, "cannot re-list tags before deleting (" + e.getMessage() + ")"));
            return saved;
        }
        List<ImageTag> toResolve = current;
        if (recheck == Recheck.MOVED) {
            // only what can have moved: new since the snapshot, or written by tagline since it (minus a margin for clocks)
            Set<ImageTag> written = writtenTags.since(repo, snapshotStarted.minus(MOVED_MARGIN));
            toResolve = current.stream().filter(t -> !planned.containsKey(t) || written.contains(t)).toList();
        }
        progress.accept("re-resolving " + toResolve.size() + " of " + current.size() + " tags before deleting ("
                + (recheck == Recheck.ALL ? "all" : "new or written since the snapshot") + ")");
        Map<ImageTag, Optional<Descriptor>> resolvedNow;
        try {
            resolvedNow = parallel(toResolve, tag -> client.resolve(repo, tag));
        } catch (RegistryException e) {
            toDelete.forEach(d -> saved.putIfAbsent(d, "cannot re-resolve the tags before deleting (" + e.getMessage() + ")"));
            return saved;
        }
        for (ImageTag tag : toResolve) {
            Optional<Descriptor> r = resolvedNow.get(tag);
            if (r.isEmpty()) {
                continue;
            }
            Digest now = r.get().digest();
            Digest before = planned.get(tag);
            if (now.equals(before) && !deletedTags.contains(tag)) {
                continue; // a kept tag, unchanged: already accounted for by the plan
            }
            if (now.equals(before)) {
                continue; // a tag the plan deletes, still where it was
            }
            // new tag, or moved: everything it reaches must stay
            String why = before == null ? "tag " + tag + " appeared since planning and points at it"
                    : "tag " + tag + " moved since planning (" + before + " -> " + now + ") and now reaches it";
            for (Digest reached : reach(repo, now)) {
                if (toDelete.contains(reached)) {
                    saved.putIfAbsent(reached, why);
                }
            }
        }
        return saved;
    }

    /** Push times come from build results, whose finishedAt may be a little before they reach the pruner. */
    static final Duration MOVED_MARGIN = Duration.ofMinutes(10);

    interface RegistryCall<K, V> {
        V call(K key) throws RegistryException;
    }

    /** Runs one registry call per key, 8 at a time; the first failure is thrown. */
    private static <K, V> Map<K, V> parallel(List<K> keys, RegistryCall<K, V> call) throws RegistryException {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "prune-registry");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<K, java.util.concurrent.Future<V>> futures = new LinkedHashMap<>();
            for (K key : keys) {
                futures.put(key, pool.submit(() -> call.call(key)));
            }
            Map<K, V> out = new LinkedHashMap<>();
            for (Map.Entry<K, java.util.concurrent.Future<V>> e : futures.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (java.util.concurrent.ExecutionException ex) {
                    if (ex.getCause() instanceof RegistryException re) {
                        throw re;
                    }
                    throw new IllegalStateException(ex.getCause());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while calling the registry", ex);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private Set<Digest> reach(ImageRepository repo, Digest from) {
        Set<Digest> seen = new TreeSet<>();
        Deque<Digest> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty() && seen.size() < 10_000) {
            Digest d = queue.poll();
            if (!seen.add(d)) {
                continue;
            }
            try {
                client.findManifest(repo, d).ifPresent(m -> m.manifests().forEach(c -> queue.add(c.digest())));
            } catch (RegistryException e) {
                // unreadable: what it reaches is unknown; it itself is saved
            }
        }
        return seen;
    }

    /** Returns why the delete must be skipped when a tag on this digest moved or vanished; null when all still point here. */
    private String movedTag(ImageRepository repo, Digest digest, List<PruneDecision> tags, Map<PruneDecision, Digest> resolved) {
        for (PruneDecision t : tags) {
            try {
                Optional<Descriptor> now = client.resolve(repo, t.tag());
                resolved.put(t, now.map(Descriptor::digest).orElse(null));
                if (now.isEmpty()) {
                    return "tag " + t.tag() + " disappeared since planning: skipped to be safe";
                }
                if (!now.get().digest().equals(digest)) {
                    return "tag " + t.tag() + " moved since planning (now " + now.get().digest() + "): not deleted";
                }
            } catch (RegistryException e) {
                return "cannot re-resolve tag " + t.tag() + " (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    private void skip(Map<PruneDecision, PruneOutcome> outcomes, PruneDecision dd, Map<Digest, List<PruneDecision>> tagsOn,
                      Digest digest, String rule, String why, Map<PruneDecision, Digest> resolved) {
        outcomes.put(dd, new PruneOutcome(dd.with(Verdict.SKIPPED, rule, why), null, null));
        for (PruneDecision t : tagsOn.getOrDefault(digest, List.of())) {
            if (t.deletes()) {
                outcomes.put(t, new PruneOutcome(t.with(Verdict.SKIPPED, rule, why), resolved.get(t), null));
            }
        }
    }

    /**
     * Children and referrers of a digest that was not deleted stay referenced: never delete them. What hangs
     * off it comes from the plan (children, referrers and attachment-tag targets as snapshotted) and from
     * the registry now (children and referrers added since).
     */
    private void blockDescendants(ImageRepository repo, RetentionPlan plan, Digest digest, Map<Digest, Set<Digest>> edges, Set<Digest> blocked) {
        Deque<Digest> queue = new ArrayDeque<>(List.of(digest));
        while (!queue.isEmpty()) {
            Digest d = queue.poll();
            Set<Digest> next = edges.computeIfAbsent(d, x -> {
                Set<Digest> out = new TreeSet<>(plan.dependents().getOrDefault(x, Set.of()));
                try {
                    client.findManifest(repo, x).ifPresent((Manifest m) -> m.manifests().forEach(c -> out.add(c.digest())));
                    client.referrers(repo, x).forEach(r -> out.add(r.digest()));
                } catch (RegistryException e) {
                    // unknown: nothing more to block
                }
                return out;
            });
            for (Digest n : next) {
                if (blocked.add(n)) {
                    queue.add(n);
                }
            }
        }
    }

    /** After the lease was lost: every deletion not yet attempted is skipped ({@code lock-lost}). */
    private void stopped(RetentionPlan plan, String why, Set<Digest> settled, Set<ImageTag> settledTags, Map<Digest, PruneDecision> digestDecisions,
                         Map<Digest, List<PruneDecision>> tagsOn, Map<PruneDecision, PruneOutcome> outcomes) {
        String reason = "not deleted: this run lost the repository (" + why + ")";
        for (Digest d : plan.deletedDigests()) {
            if (!settled.contains(d)) {
                skip(outcomes, digestDecisions.get(d), tagsOn, d, "lock-lost", reason, Map.of());
            }
        }
        for (PruneDecision td : plan.tagDecisions()) {
            if (td.deletes() && plan.tagOnlyDeletions().contains(td.tag()) && !settledTags.contains(td.tag())) {
                outcomes.put(td, new PruneOutcome(td.with(Verdict.SKIPPED, "lock-lost", reason), null, null));
            }
        }
    }

    /**
     * Re-lists the repository and HEADs every deleted digest. With {@code checkKept} false (the run lost
     * the repository to another instance, which may be deleting now) only what this run deleted is checked.
     */
    private List<PruneOutcome> verify(ImageRepository repo, List<PruneOutcome> outcomes, List<String> problems, boolean checkKept) {
        Set<ImageTag> present;
        try {
            present = new HashSet<>(client.listTags(repo));
        } catch (RegistryException e) {
            problems.add("cannot re-list tags: " + e.getMessage());
            return outcomes;
        }
        // verify what was deleted: the listing covers every tag, a HEAD each deleted digest (kept digests are not re-read)
        List<Digest> digests = outcomes.stream().filter(o -> !o.decision().isTag() && o.decision().deletes())
                .map(o -> o.decision().digest()).distinct().toList();
        Map<Digest, Boolean> digestPresent;
        try {
            digestPresent = parallel(digests, d -> client.resolve(repo, d).isPresent());
        } catch (RegistryException e) {
            problems.add("cannot check the digests: " + e.getMessage());
            digestPresent = Map.of();
        }
        List<PruneOutcome> out = new ArrayList<>();
        for (PruneOutcome o : outcomes) {
            PruneDecision d = o.decision();
            Boolean after;
            if (d.isTag()) {
                after = present.contains(d.tag());
                if (d.deletes() && after) {
                    problems.add("tag " + d.tag() + " is still there");
                } else if (!d.deletes() && !after && checkKept) {
                    problems.add("kept tag " + d.tag() + " is gone");
                }
            } else {
                after = digestPresent.get(d.digest());
                if (Boolean.TRUE.equals(after) && d.deletes()) {
                    problems.add("digest " + d.digest() + " is still there");
                } else if (Boolean.FALSE.equals(after) && !d.deletes() && checkKept) {
                    problems.add("kept digest " + d.digest() + " is gone");
                }
            }
            out.add(new PruneOutcome(d, o.resolvedBefore(), after));
        }
        progress.accept("verified: " + (problems.isEmpty() ? "ok" : problems.size() + " problem(s)"));
        return out;
    }

    /**
     * The deletions an applied run may make (the plan's, and with untag-by-dummy the shared-digest tags it untags), as
     * intents the audit log must acknowledge before anything is deleted: a run killed between a delete and its outcome
     * leaves the intent behind.
     */
    private void publishIntents(ImageRepository repo, RepositoryId source, String runId, RetentionPlan plan)
            throws AuditUnavailableException {
        Instant now = clock.instant();
        List<PruneAudit> list = new ArrayList<>();
        for (PruneDecision d : plan.decisions()) {
            boolean untag = untagByDummy && d.decision() == Verdict.SKIPPED && "shared-digest".equals(d.rule());
            if (!d.deletes() && !untag) {
                continue;
            }
            String rule = untag ? "shared-digest:untag" : d.rule();
            list.add(new PruneAudit(1, PruneAudit.intentIdFor(runId, repo, d.tag(), d.digest()), runId, source, repo, d.tag(), d.digest(),
                    dev.tagline.schema.event.PruneDecision.DELETED, rule, "about to delete: " + d.reason(), false, null, null,
                    !d.isTag() ? plan.bytesByDigest().get(d.digest()) : null, now, true));
        }
        if (list.isEmpty()) {
            return;
        }
        try {
            audits.publish(list);
        } catch (Exception e) {
            throw new AuditUnavailableException("could not write the audit log before deleting (" + e.getMessage()
                    + "): nothing was deleted", e);
        }
        progress.accept("audited " + list.size() + " intended deletion(s) before acting");
    }

    private void publish(ImageRepository repo, RepositoryId source, ExecutionReport report) {
        Instant now = clock.instant();
        List<PruneAudit> list = new ArrayList<>();
        for (PruneOutcome o : report.outcomes()) {
            PruneDecision d = o.decision();
            list.add(new PruneAudit(1, PruneAudit.idFor(report.runId(), repo, d.tag(), d.digest()), report.runId(), source, repo,
                    d.tag(), d.digest(), dev.tagline.schema.event.PruneDecision.valueOf(d.decision().name()), d.rule(), d.reason(),
                    report.dryRun(), o.resolvedBefore(), o.presentAfter(),
                    !d.isTag() && d.deletes() ? report.plan().bytesByDigest().get(d.digest()) : null, now));
        }
        // what was done is done: its outcomes are worth a few tries (a broker restart takes seconds)
        for (int attempt = 1; ; attempt++) {
            try {
                audits.publish(list);
                return;
            } catch (Exception e) {
                if (attempt == OUTCOME_ATTEMPTS || Thread.currentThread().isInterrupted()) {
                    progress.accept("WARNING: could not publish " + list.size() + " audit events after " + attempt + " attempts: "
                            + e.getMessage() + (report.dryRun() ? "" : " (the intents of its deletions, if any, are on the audit log)"));
                    return;
                }
                progress.accept("could not publish " + list.size() + " audit events (" + e.getMessage() + "): trying again");
                try {
                    Thread.sleep(OUTCOME_RETRY_BACKOFF.toMillis() * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static String describeTags(List<PruneDecision> tags) {
        if (tags == null || tags.isEmpty()) {
            return "";
        }
        return " (" + String.join(", ", tags.stream().limit(5).map(t -> t.tag().value()).toList()) + (tags.size() > 5 ? ", ..." : "") + ")";
    }

    /** The manifest an untag moves a tag onto: the empty config, no layers, unique per tag and run. */
    private static byte[] throwawayManifest(Digest config, String tag, String runId) {
        ObjectNode m = Jackson.mapper().createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", dev.tagline.registry.MediaTypes.OCI_MANIFEST);
        ObjectNode c = m.putObject("config");
        c.put("mediaType", dev.tagline.registry.MediaTypes.OCI_EMPTY);
        c.put("digest", config.value());
        c.put("size", 2);
        m.putArray("layers");
        ObjectNode a = m.putObject("annotations");
        a.put("dev.tagline.untag", tag);
        a.put("dev.tagline.run", runId);
        return JsonText.write(m).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
