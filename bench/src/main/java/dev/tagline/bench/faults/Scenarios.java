package dev.tagline.bench.faults;

import dev.tagline.bench.infra.Kafka;
import dev.tagline.bench.infra.Managed;
import dev.tagline.schema.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The scenarios of issue 11 and after, each on a repository of its own (bench/FAULTS.md says what each does). */
final class Scenarios {
    private Scenarios() {
    }

    interface Action {
        void run(Run run, Scope scope, SourceRepo repo) throws Exception;
    }

    /** @param ownRepository false for the replay, which replays the repositories of the scenarios before it */
    record Scenario(int number, String slug, String title, boolean ownRepository, Action action) {
        String repositoryName() {
            return String.format("s%02d-%s", number, slug);
        }

        String label() {
            return number + " " + title;
        }
    }

    static final List<Scenario> ALL = List.of(
            new Scenario(1, "baseline", "baseline", true, Scenarios::baseline),
            new Scenario(2, "builder-kill", "kill -9 image-builder mid-build", true, Scenarios::killBuilder),
            new Scenario(3, "registry-down", "registry down mid-flow", true, Scenarios::registryDown),
            new Scenario(4, "broker-down", "broker SIGTERM mid-flow", true, Scenarios::brokerDown),
            new Scenario(5, "planner-kill", "kill -9 tag-planner mid-burst", true, Scenarios::killPlanner),
            new Scenario(6, "poison", "poison records on each input topic", true, Scenarios::poison),
            new Scenario(7, "replay", "replay after everything", false, Scenarios::replay),
            new Scenario(8, "sigterm", "SIGTERM idle and busy services", true, Scenarios::sigterm),
            new Scenario(9, "remote-down", "Git remote unreachable, GitHub create", true, Scenarios::remoteDown),
            new Scenario(10, "no-webhook", "five tags at once, no webhook", true, Scenarios::noWebhook),
            new Scenario(11, "listener-kill", "kill -9 tag-listener mid-burst", true, Scenarios::killListener));

    static final List<Integer> FULL_ORDER = List.of(1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 7);
    /** The CI subset: the three kill -9 scenarios, the registry and broker outages, poison, and no webhook. */
    static final List<Integer> SHORT_ORDER = List.of(1, 2, 5, 11, 3, 6, 10, 4);

    /**
     * What runs, in order: the replay last ("after everything"); in the short run the broker restart last,
     * since it disturbs every service. {@code only} picks scenarios by number (same order).
     */
    static List<Scenario> select(Settings settings, Set<Integer> only) {
        List<Integer> order = only != null && !only.isEmpty() ? FULL_ORDER.stream().filter(only::contains).toList()
                : settings.shortRun() ? SHORT_ORDER : FULL_ORDER;
        return order.stream().map(n -> ALL.get(n - 1)).toList();
    }

    // 1: two releases (a push of main and a tag each, by webhook), nothing injected: what normal looks like
    private static void baseline(Run run, Scope scope, SourceRepo repo) throws Exception {
        run.release(scope, repo, "1.0.0", true);
        run.release(scope, repo, "1.1.0", true);
    }

    // 2: two releases; when the first plan is on the log, kill -9 the builder and start it again at once
    private static void killBuilder(Run run, Scope scope, SourceRepo repo) throws Exception {
        long since = System.currentTimeMillis();
        run.release(scope, repo, "2.0.0", true);
        run.release(scope, repo, "2.1.0", true);
        run.awaitPlanSince(scope, since);
        Thread.sleep(300); // into the build
        run.stack.kill("image-builder");
        run.say("image-builder killed (SIGKILL); starting it again");
        run.stack.startService("image-builder");
        run.stack.awaitHealthy("image-builder");
        scope.faultEnded();
    }

    // 3: two releases; when the first plan is on the log, the registry stops; a third release meanwhile; then it returns
    private static void registryDown(Run run, Scope scope, SourceRepo repo) throws Exception {
        long since = System.currentTimeMillis();
        run.release(scope, repo, "3.0.0", true);
        run.release(scope, repo, "3.1.0", true);
        run.awaitPlanSince(scope, since);
        long down = System.currentTimeMillis();
        if (run.stack.terminate("registry") == null) {
            scope.problem("the registry did not exit within " + Settings.STOP_LIMIT.toSeconds() + " s of SIGTERM");
        }
        run.say("registry stopped for %d s", run.settings.outage().toSeconds());
        run.release(scope, repo, "3.2.0", true);
        sleepUntil(down + run.settings.outage().toMillis());
        run.stack.startRegistry();
        scope.faultEnded();
        run.say("registry back");
    }

    // 4: a release; when its plan is on the log, the broker gets SIGTERM, a release is pushed while it is down
    // (webhooks answer what they can and are not resent), then the broker restarts on the same data; twice
    // in the full run
    private static void brokerDown(Run run, Scope scope, SourceRepo repo) throws Exception {
        int cycles = run.settings.shortRun() ? 1 : 2;
        for (int i = 0; i < cycles; i++) {
            long since = System.currentTimeMillis();
            run.release(scope, repo, "4." + i + ".0", true);
            run.awaitPlanSince(scope, since);
            long down = System.currentTimeMillis();
            if (run.stack.terminate("kafka") == null) {
                scope.problem("the broker did not exit within " + Settings.STOP_LIMIT.toSeconds() + " s of SIGTERM");
            }
            run.say("broker stopped (SIGTERM) for %d s (%d of %d)", run.settings.outage().toSeconds(), i + 1, cycles);
            run.release(scope, repo, "4." + i + ".1", true);
            sleepUntil(down + run.settings.outage().toMillis());
            run.stack.startBroker();
            scope.faultEnded();
            run.say("broker back");
            run.expectHead(scope, repo);
            if (i + 1 < cycles) {
                run.awaitComplete(scope);
            }
        }
    }

    // 5: a burst of five releases (ten webhooks); when the first plan is on the log, kill -9 the planner and restart it
    private static void killPlanner(Run run, Scope scope, SourceRepo repo) throws Exception {
        killMidBurst(run, scope, repo, "5.%d.0", 5, "tag-planner", run::awaitPlanSince);
    }

    /** How a scenario knows its burst is under way. */
    private interface UnderWay {
        void await(Scope scope, long sinceMillis) throws InterruptedException;
    }

    /**
     * Sends {@code releases} releases back to back (versions from {@code versionFormat}) from a thread of their own; once
     * {@code underWay} says the flow reached the service, SIGKILLs {@code service} and starts it again at once.
     */
    private static void killMidBurst(Run run, Scope scope, SourceRepo repo, String versionFormat, int releases, String service,
                                     UnderWay underWay) throws Exception {
        long since = System.currentTimeMillis();
        List<Exception> failures = new ArrayList<>();
        Thread burst = new Thread(() -> {
            try {
                for (int k = 0; k < releases; k++) {
                    run.release(scope, repo, String.format(versionFormat, k), true);
                }
            } catch (Exception e) {
                failures.add(e);
            }
        }, "faults-burst");
        burst.start();
        underWay.await(scope, since);
        run.stack.kill(service);
        run.say("%s killed (SIGKILL) mid-burst; starting it again", service);
        run.stack.startService(service);
        burst.join(Settings.STEP_LIMIT.toMillis());
        run.stack.awaitHealthy(service);
        scope.faultEnded();
        run.expectHead(scope, repo);
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    // 6: two records that are not events (bytes that are not JSON, and JSON that is no event) on each of
    // git.ref-events, image.tag-plans and image.build-results, keyed by the repository; then a release
    private static void poison(Run run, Scope scope, SourceRepo repo) throws Exception {
        String key = Run.id(repo);
        scope.repositories.add(key);
        try (KafkaProducer<byte[], byte[]> producer = Kafka.producer(run.stack.bootstrap())) {
            for (String topic : List.of(Topics.REF_EVENTS_NAME, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME)) {
                String garbage = "poison-" + UUID.randomUUID();
                String json = "poison-" + UUID.randomUUID();
                producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        ("\u0000" + garbage + " {not json").getBytes(StandardCharsets.UTF_8))).get();
                producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
                        ("{\"schemaVersion\":1,\"poison\":\"" + json + "\"}").getBytes(StandardCharsets.UTF_8))).get();
                scope.poison.add(new Scope.Poison(topic, garbage));
                scope.poison.add(new Scope.Poison(topic, json));
            }
        }
        scope.faultEnded();
        run.say("6 poison records written; now a release behind them");
        run.release(scope, repo, "6.0.0", true);
    }

    // 7: every repository so far replayed from the beginning with tag-listener's replay command
    private static void replay(Run run, Scope scope, SourceRepo ignored) throws Exception {
        String prefix = "faults-replay-" + System.currentTimeMillis();
        scope.replayRunPrefix = prefix;
        Set<String> repos = new HashSet<>();
        for (Scope s : run.done) {
            repos.addAll(s.repositories);
        }
        scope.repositories.addAll(repos);
        run.ledger.snapshot().events().stream()
                .filter(e -> e.value().replay() == null && repos.contains(e.value().repository().value()))
                .forEach(e -> scope.replayOf.add(e.value().eventId()));
        int i = 0;
        for (String repo : repos) {
            Path log = run.stack.work().resolve("logs/replay-" + (i + 1) + ".log");
            Managed m = Managed.start("replay", List.of("java", "-jar", run.stack.root().resolve("tag-listener/target/tag-listener.jar").toString(),
                    "replay", "--repository", repo, "--from-beginning", "--run-id", prefix + "-" + (++i),
                    "--bootstrap-servers", run.stack.bootstrap()), Map.of(), log);
            int exit = m.waitFor(Duration.ofMinutes(2));
            if (exit != 0) {
                scope.problem("replay of " + repo + " exited with " + exit + " (" + log + ")");
            }
        }
        scope.lastActionMillis = System.currentTimeMillis();
        run.say("replayed %d events of %d repositories", scope.replayOf.size(), repos.size());
    }

    // 8: SIGTERM each service while idle (restarted when it has exited), then the builder and the planner
    // while three releases are in flight
    private static void sigterm(Run run, Scope scope, SourceRepo repo) throws Exception {
        for (String service : FaultStack.SERVICES) {
            stopGracefully(run, scope, service, "idle");
            run.stack.startService(service);
            run.stack.awaitHealthy(service);
            scope.faultEnded();
        }
        long since = System.currentTimeMillis();
        for (int k = 0; k < 3; k++) {
            run.release(scope, repo, "8." + k + ".0", true);
        }
        run.awaitPlanSince(scope, since);
        stopGracefully(run, scope, "image-builder", "busy");
        stopGracefully(run, scope, "tag-planner", "busy");
        run.stack.startService("image-builder");
        run.stack.startService("tag-planner");
        run.stack.awaitHealthy("image-builder");
        run.stack.awaitHealthy("tag-planner");
        scope.faultEnded();
    }

    private static void stopGracefully(Run run, Scope scope, String service, String state) throws InterruptedException {
        Duration took = run.stack.terminate(service);
        if (took == null) {
            scope.problem(service + " (" + state + ") did not exit within " + Settings.STOP_LIMIT.toSeconds() + " s of SIGTERM");
        } else {
            scope.note(service + " (" + state + ") exited " + took.toMillis() + " ms after SIGTERM");
        }
        run.say("%s (%s) stopped with SIGTERM", service, state);
    }

    // 9: the git daemon the listener reads this repository through stops; two release tags are pushed and
    // announced by GitHub "create" events, which carry no commit id; the daemon returns after the outage
    private static void remoteDown(Run run, Scope scope, SourceRepo repo) throws Exception {
        run.stack.terminate("git-daemon");
        long down = System.currentTimeMillis();
        run.say("git daemon stopped for %d s", run.settings.outage().toSeconds());
        for (String version : List.of("9.0.0", "9.1.0")) {
            run.release(scope, repo, version, false);
            int status = run.hooks.githubCreateTag(repo.cloneUrl(), "v" + version);
            if (status != 202) {
                scope.problem("GitHub create of v" + version + " while the remote was unreachable answered " + status
                        + " (must be accepted, 202, and completed later: GitHub does not redeliver)");
            }
        }
        sleepUntil(down + run.settings.outage().toMillis());
        run.stack.startGitDaemon(run.stack.work().resolve("git"));
        scope.faultEnded();
        run.say("git daemon back");
        run.expectHead(scope, repo);
    }

    // 10: five commits on main, each tagged, pushed together; no webhook at all (GitHub sends none for more
    // than three tags): only the listener's reconciling poll can find them
    private static void noWebhook(Run run, Scope scope, SourceRepo repo) throws Exception {
        for (int k = 0; k < 5; k++) {
            run.release(scope, repo, "10." + k + ".0", false);
        }
        run.expectHead(scope, repo);
        scope.faultEnded();
    }

    // 11: a burst of four releases (eight webhooks); when the first of its ref events is on the log, kill -9 the listener
    // and start it again: webhooks sent meanwhile get no answer and are not resent, so what they announced comes back
    // through the reconciling poll; what was answered 202 is on the log once
    private static void killListener(Run run, Scope scope, SourceRepo repo) throws Exception {
        killMidBurst(run, scope, repo, "11.%d.0", 4, "tag-listener", run::awaitEventSince);
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long left = epochMillis - System.currentTimeMillis();
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
