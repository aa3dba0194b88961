package dev.tagline.bench.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tagline.bench.infra.Kafka;
import dev.tagline.bench.runs.HelloPolicy;
import dev.tagline.schema.topic.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Issue 11's fault suite (bench/FAULTS.md): the real broker, registry, git daemon and the four service
 * jars as processes on 127.0.0.1, one Git repository per scenario driven through webhooks and the
 * listener's reconciling poll, faults injected mid-flow, and one table row per scenario. Exit 0 when
 * every row passes, 1 when one fails, 2 when the suite itself could not run.
 */
@Command(name = "faults", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fault injection against the whole pipeline; prints events/plans/results/tags/lost/duplicated/recovery per scenario.")
public final class FaultSuite implements Callable<Integer> {
    private static final String WORK_MARKER = ".fault-suite-work";

    @Option(names = "--short", description = "The CI subset (baseline, kill -9 planner, registry down, poison, five tags without webhook, broker restart once) with 10 s outages.")
    boolean shortRun;

    @Option(names = "--only", split = ",", paramLabel = "N", description = "Run only these scenarios (numbers 1-11).")
    List<Integer> only = new ArrayList<>();

    @Option(names = "--outage", paramLabel = "SECONDS", description = "How long the registry, broker or Git remote stays down (default 30, short 10).")
    Integer outageSeconds;

    @Option(names = "--work", paramLabel = "DIR", description = "Data and logs (default bench/target/faults; emptied first, if the suite made it).")
    Path work;

    @Option(names = "--root", hidden = true)
    Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();

    public static void main(String[] args) {
        System.exit(new CommandLine(new FaultSuite()).execute(args));
    }

    @Override
    public Integer call() {
        Settings settings = shortRun ? Settings.quick() : Settings.full();
        if (outageSeconds != null) {
            settings = new Settings(Duration.ofSeconds(outageSeconds), settings.settle(), settings.shortRun());
        }
        try {
            List<Row> rows = run(root, work == null ? root.resolve("bench/target/faults") : work, settings,
                    new LinkedHashSet<>(only), System.out);
            return rows.stream().allMatch(Row::pass) ? 0 : 1;
        } catch (Exception e) {
            System.err.println("faults: the suite could not run: " + e);
            e.printStackTrace();
            return 2;
        }
    }

    /** Runs the selected scenarios and prints the table; the rows are returned for a test to judge. */
    public static List<Row> run(Path root, Path work, Settings settings, java.util.Set<Integer> only, PrintStream out) throws Exception {
        prepareWork(work);
        Files.createDirectories(work.resolve("git"));
        Files.createDirectories(work.resolve("policies"));
        List<Scenarios.Scenario> scenarios = Scenarios.select(settings, only);
        List<Row> rows = new ArrayList<>();
        Map<String, SourceRepo> repos = new LinkedHashMap<>();
        try (FaultStack stack = new FaultStack(root, work)) {
            for (Scenarios.Scenario s : scenarios) {
                if (s.ownRepository()) {
                    String name = s.repositoryName();
                    String url = s.number() == 9 ? "git://127.0.0.1:" + stack.gitPort() + "/" + name : null;
                    repos.put(name, SourceRepo.create(work.resolve("git").resolve(name), url));
                }
            }
            String secret = randomSecret();
            writeConfiguration(stack, repos);
            out.printf("[faults] %s run: scenarios %s, outages %d s, work %s%n", settings.shortRun() ? "short" : "full",
                    scenarios.stream().map(s -> Integer.toString(s.number())).toList(), settings.outage().toSeconds(), work);
            long stackStartedMillis = System.currentTimeMillis();
            stack.startBroker();
            stack.startRegistry();
            stack.startGitDaemon(work.resolve("git"));
            configureServices(stack, work, secret);
            for (String service : FaultStack.SERVICES) {
                stack.startService(service);
            }
            for (String service : FaultStack.SERVICES) {
                stack.awaitHealthy(service);
            }
            for (String topic : Ledger.DEAD_LETTER_TOPICS) {
                Kafka.createTopic(stack.bootstrap(), topic, 6); // normally there already, made by the services
            }
            try (Ledger ledger = new Ledger(stack.bootstrap())) {
                Run run = new Run(stack, ledger, new Webhooks(stack.serviceUrl("tag-listener"), secret), settings, repos, out);
                try {
                    run.say("all up (broker %s, registry %s); warming up with each repository's first commit",
                            stack.bootstrap(), stack.registryHostPort());
                    rows.add(scenario(run, new Scope("0 warm-up: first commit of each repository", stackStartedMillis), (r, scope, ignored) -> {
                        for (SourceRepo repo : repos.values()) {
                            int status = r.hooks.generic(Run.id(repo), "refs/heads/main", null, repo.head(),
                                    java.time.Instant.parse("2026-03-02T09:00:00Z"));
                            scope.expect(Run.id(repo), "refs/heads/main", repo.head());
                            if (status != 202) {
                                scope.note("warm-up webhook of " + Run.id(repo) + " answered " + status);
                            }
                        }
                    }, null, out));
                    for (int i = 0; i < scenarios.size(); i++) {
                        Scenarios.Scenario s = scenarios.get(i);
                        Row row = scenario(run, s.label(), s.action(), s.ownRepository() ? repos.get(s.repositoryName()) : null, out);
                        rows.add(row);
                        if (!row.pass() && i + 1 < scenarios.size()) {
                            restartServices(run);
                        }
                    }
                } finally {
                    run.close();
                }
            }
        } finally {
            repos.values().forEach(SourceRepo::close);
        }
        out.println();
        out.println(Row.HEADER);
        rows.forEach(r -> out.println(r.render()));
        out.println();
        long failed = rows.stream().filter(r -> !r.pass()).count();
        out.println(failed == 0 ? "faults: every scenario passed" : "faults: " + failed + " of " + rows.size() + " scenarios FAILED");
        Files.writeString(work.resolve("faults-result.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        out.println("(rows as JSON: " + work.resolve("faults-result.json") + "; logs in " + work.resolve("logs") + ")");
        return rows;
    }

    private static Row scenario(Run run, String label, Scenarios.Action action, SourceRepo repo, PrintStream out) throws Exception {
        return scenario(run, new Scope(label), action, repo, out);
    }

    private static Row scenario(Run run, Scope scope, Scenarios.Action action, SourceRepo repo, PrintStream out) throws Exception {
        String label = scope.name;
        if (repo != null) {
            scope.repositories.add(Run.id(repo));
        }
        run.say("scenario %s", label);
        try {
            action.run(run, scope, repo);
            if (repo != null) {
                run.expectHead(scope, repo);
            }
        } catch (Exception e) {
            scope.problem("the scenario broke: " + e);
        }
        heal(run, scope);
        boolean complete = run.awaitComplete(scope);
        Row row = run.judge(scope);
        run.say("%s: %s%s", label, row.pass() ? "PASS" : "FAIL", complete ? "" : " (not complete " + run.settings.settle().toSeconds()
                + " s after the last fault)");
        out.println("  " + Row.HEADER);
        out.println("  " + row.render());
        row.details().forEach(d -> out.println("    - " + d));
        run.done.add(scope);
        return row;
    }

    /**
     * After a failed scenario every service is restarted (SIGTERM, start, healthy), so that a service left
     * broken (alive but stuck) does not fail the scenarios after it: each row reports its own fault.
     */
    private static void restartServices(Run run) throws Exception {
        run.say("restarting the four services so that the next scenario starts from a working pipeline");
        for (String service : FaultStack.SERVICES) {
            run.stack.terminate(service);
            run.stack.startService(service);
        }
        for (String service : FaultStack.SERVICES) {
            run.stack.awaitHealthy(service);
        }
    }

    /** Every process must be running before the next scenario: whatever died on its own is a problem, and is started again. */
    private static void heal(Run run, Scope scope) throws Exception {
        if (!run.stack.alive("kafka")) {
            scope.problem("the broker was not running after the scenario");
            run.stack.startBroker();
        }
        if (!run.stack.alive("registry")) {
            scope.problem("the registry was not running after the scenario");
            run.stack.startRegistry();
        }
        if (!run.stack.alive("git-daemon")) {
            run.stack.startGitDaemon(run.stack.work().resolve("git"));
        }
        for (String service : FaultStack.SERVICES) {
            if (!run.stack.alive(service)) {
                scope.problem(service + " was not running after the scenario (see " + run.stack.work().resolve("logs") + ")");
                run.stack.startService(service);
                run.stack.awaitHealthy(service);
            }
        }
    }

    private static void writeConfiguration(FaultStack stack, Map<String, SourceRepo> repos) throws IOException {
        StringBuilder listener = new StringBuilder("tagline:\n  listener:\n    reconcile-interval: " + Settings.RECONCILE_INTERVAL
                + "\n  repositories:\n");
        for (var e : repos.entrySet()) {
            String id = Run.id(e.getValue());
            listener.append("    ").append(e.getKey()).append(":\n")
                    .append("      clone-url: ").append(e.getValue().cloneUrl()).append('\n')
                    .append("      secret: ${FAULTS_WEBHOOK_SECRET}\n")
                    .append("      branches: [main]\n");
            Files.writeString(stack.work().resolve("policies").resolve(e.getKey() + ".yml"),
                    policy(id, stack.registryHostPort(), Run.IMAGE_PREFIX + e.getKey()));
        }
        Files.writeString(stack.work().resolve("listener.yml"), listener.toString());
    }

    private static void configureServices(FaultStack stack, Path work, String secret) {
        Map<String, String> common = Map.of("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrap(),
                "TAGLINE_BUILDER_INSECURE_REGISTRIES", stack.registryHostPort(), "TAGLINE_PRUNER_INSECURE_REGISTRIES", stack.registryHostPort());
        stack.configure("tag-listener", with(common, "MICRONAUT_CONFIG_FILES", work.resolve("listener.yml").toString(),
                "FAULTS_WEBHOOK_SECRET", secret, "TAGLINE_LISTENER_CACHE_DIR", work.resolve("cache/listener").toString(),
                "TAGLINE_LISTENER_RECONCILE_INTERVAL", Settings.RECONCILE_INTERVAL));
        stack.configure("tag-planner", with(common, "TAGLINE_PLANNER_POLICY_DIR", work.resolve("policies").toString(),
                "TAGLINE_PLANNER_STATE_DIR", work.resolve("planner-state").toString()));
        stack.configure("image-builder", with(common, "TAGLINE_BUILDER_CACHE_DIR", work.resolve("cache/builder").toString()));
        stack.configure("registry-pruner", with(common, "TAGLINE_PRUNER_POLICY_DIR", work.resolve("policies").toString()));
    }

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new LinkedHashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** deploy's demo policy, one image per scenario: two variants, two platforms, semver, sha and the main channel. */
    static String policy(String repositoryId, String registry, String image) {
        return HelloPolicy.yaml(repositoryId, "defaultBranch: main\n", registry + "/" + image, """
                  branches: [main]
                channels:
                  - name: stable
                    branch: main
                """, "linux/amd64, linux/arm64", """
                retention:
                  candidates: ["sha-*"]
                  keepLast: 100
                  gracePeriod: 0s
                """);
    }

    private static String randomSecret() {
        byte[] s = new byte[16];
        new SecureRandom().nextBytes(s);
        return HexFormat.of().formatHex(s);
    }

    /** Empties the work directory, but only one this suite made (it holds {@link #WORK_MARKER}) or an empty one. */
    private static void prepareWork(Path work) throws IOException {
        if (Files.isDirectory(work)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(work)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(work.resolve(WORK_MARKER))) {
                throw new IOException(work + " is not empty and was not made by the fault suite (no " + WORK_MARKER + "): choose another --work");
            }
            deleteTree(work);
        }
        Files.createDirectories(work);
        Files.writeString(work.resolve(WORK_MARKER), "made by the fault suite (bench/FAULTS.md); emptied by its next run\n");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
