package dev.tagline.bench.faults;

import dev.tagline.bench.runs.GitRepo;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** One run of the suite: the processes, the topics' ledger, the webhooks, and the helpers scenarios share. */
final class Run {
    static final String IMAGE_PREFIX = "faults/";

    final FaultStack stack;
    final Ledger ledger;
    final Webhooks hooks;
    final Settings settings;
    final List<Scope> done = new ArrayList<>();
    private final Map<String, SourceRepo> repos;
    private final PrintStream out;
    private final RegistryClient registry;

    Run(FaultStack stack, Ledger ledger, Webhooks hooks, Settings settings, Map<String, SourceRepo> repos, PrintStream out) {
        this.stack = stack;
        this.ledger = ledger;
        this.hooks = hooks;
        this.settings = settings;
        this.repos = repos;
        this.out = out;
        this.registry = RegistryClient.builder().insecureRegistries(Set.of(stack.registryHostPort())).build();
    }

    void say(String format, Object... args) {
        out.printf("[faults %s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
        out.flush();
    }

    static String id(SourceRepo repo) {
        return RepositoryId.fromCloneUrl(repo.cloneUrl()).value();
    }

    /**
     * A release: a commit on main and the tag {@code v<version>} on it. With {@code webhooks}, each is
     * reported once by the generic webhook (push of main, then the tag). The tag is always expected; the
     * branch commit only when its webhook was accepted, because a branch head that was never announced
     * and has moved on is not a release (the head at the end of the scenario is expected by
     * {@link #expectHead}).
     */
    GitRepo.Commit release(Scope scope, SourceRepo repo, String version, boolean webhooks) throws Exception {
        String before = repo.head();
        GitRepo.Commit c = repo.commit(version);
        repo.tag("v" + version, c.sha());
        scope.expect(id(repo), "refs/tags/v" + version, c.sha());
        if (webhooks) {
            int branch = hooks.generic(id(repo), "refs/heads/main", before, c.sha(), c.time());
            if (branch == 202) {
                scope.expect(id(repo), "refs/heads/main", c.sha());
            } else {
                scope.note("push of main " + c.sha().substring(0, 7) + ": webhook answered " + branch + " (not resent, as a forge would not)");
            }
            int tag = hooks.generic(id(repo), "refs/tags/v" + version, null, c.sha(), c.time());
            if (tag != 202) {
                scope.note("tag v" + version + ": webhook answered " + tag + " (not resent, as a forge would not)");
            }
        }
        return c;
    }

    /** The branch head must be built: whatever the webhooks did, the reconciling poll sees it. */
    void expectHead(Scope scope, SourceRepo repo) throws Exception {
        String head = repo.head();
        boolean known = scope.expected.stream().anyMatch(x -> x.ref().equals("refs/heads/main") && x.commit().equals(head)
                && x.repository().equals(id(repo)));
        if (!known) {
            scope.expect(id(repo), "refs/heads/main", head);
        }
    }

    /** Waits (bounded) until a ref event of the scope written at or after {@code sinceMillis} is on the log. */
    void awaitEventSince(Scope scope, long sinceMillis) throws InterruptedException {
        boolean seen = await(Settings.STEP_LIMIT, () -> ledger.snapshot().events().stream()
                .anyMatch(e -> scope.repositories.contains(e.value().repository().value()) && e.timestamp() >= sinceMillis));
        if (!seen) {
            scope.problem("no ref event within " + Settings.STEP_LIMIT.toSeconds() + " s: the fault could not be injected mid-flow");
        }
    }

    /** Waits (bounded) until a plan of the scope made at or after {@code sinceMillis} is on the log: the flow is under way. */
    void awaitPlanSince(Scope scope, long sinceMillis) throws InterruptedException {
        boolean seen = await(Settings.STEP_LIMIT, () -> ledger.snapshot().plans().stream()
                .anyMatch(p -> scope.repositories.contains(p.value().repository().value()) && p.timestamp() >= sinceMillis));
        if (!seen) {
            scope.problem("no plan within " + Settings.STEP_LIMIT.toSeconds() + " s: the fault could not be injected mid-flow");
        }
    }

    /** Waits until the scope's chain is complete, at most until {@code settle} after its last fault ended. */
    boolean awaitComplete(Scope scope) throws InterruptedException {
        long deadline = scope.settleFrom() + settings.settle().toMillis();
        Duration left = Duration.ofMillis(Math.max(0, deadline - System.currentTimeMillis()));
        boolean complete = await(left, () -> Accounting.complete(scope, ledger.snapshot()));
        Thread.sleep(1500); // a late duplicate shows up now or not at all
        return complete;
    }

    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }

    /** What the registry holds now for the scope's repositories (tag -> digest), signature/attestation tags left out. */
    Map<String, Accounting.RegistryTags> registryTags(Scope scope) {
        Map<String, Accounting.RegistryTags> all = new HashMap<>();
        for (String repoId : scope.repositories) {
            ImageRepository image = imageOf(repoId);
            Map<String, String> tags = new TreeMap<>();
            try {
                for (ImageTag tag : registry.listTags(image)) {
                    if (tag.value().startsWith("sha256-")) {
                        continue;
                    }
                    Optional<Descriptor> d = registry.resolve(image, tag);
                    d.ifPresent(x -> tags.put(tag.value(), x.digest().value()));
                }
            } catch (RegistryException e) {
                say("cannot read %s from the registry: %s", image, e.getMessage());
            }
            all.put(repoId, new Accounting.RegistryTags(image, tags));
        }
        return all;
    }

    ImageRepository imageOf(String repoId) {
        for (var e : repos.entrySet()) {
            if (id(e.getValue()).equals(repoId)) {
                return ImageRepository.of(stack.registryHostPort(), IMAGE_PREFIX + e.getKey());
            }
        }
        throw new IllegalArgumentException("no repository " + repoId);
    }

    SourceRepo repo(String name) {
        return repos.get(name);
    }

    Map<String, SourceRepo> repos() {
        return repos;
    }

    Row judge(Scope scope) {
        return Accounting.judge(scope, ledger.snapshot(), registryTags(scope));
    }

    void close() {
        registry.close();
    }
}
