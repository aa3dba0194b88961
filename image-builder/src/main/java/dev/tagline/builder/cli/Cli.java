package dev.tagline.builder.cli;

import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.registry.Credentials;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.builder.service.PlanBuilder;
import dev.tagline.builder.service.VariantBuilder;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.json.EventCodec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The command line of image-builder ({@code ./tagline ...} dispatches here). Exit 2 for bad usage.
 *
 * <pre>
 * build PLAN.json|- [--cache-dir DIR] [--insecure HOST:PORT]... [--docker-config FILE] [--concurrency N]
 * </pre>
 * builds every variant of one tag plan without Kafka and prints one BuildResult (JSON) per line;
 * exit 0 when all succeeded, 1 when any failed.
 */
public final class Cli {
    static final String USAGE = "usage: image-builder build PLAN.json|- [--cache-dir DIR] [--insecure HOST:PORT]... "
            + "[--docker-config FILE] [--concurrency N]";

    private Cli() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !args[0].equals("build")) {
            err.println("image-builder: unknown command '" + (args.length == 0 ? "" : args[0]) + "'");
            err.println(USAGE);
            return 2;
        }
        String planFile = null;
        Path cacheDir = Path.of(System.getProperty("java.io.tmpdir"), "tagline-builder");
        Set<String> insecure = new HashSet<>();
        Path dockerConfig = Path.of(System.getProperty("user.home"), ".docker", "config.json");
        int concurrency = 2;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--cache-dir" -> cacheDir = Path.of(value(args, ++i));
                    case "--insecure" -> insecure.add(value(args, ++i));
                    case "--docker-config" -> dockerConfig = Path.of(value(args, ++i));
                    case "--concurrency" -> concurrency = Integer.parseInt(value(args, ++i));
                    default -> {
                        if (args[i].startsWith("--") || planFile != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        planFile = args[i];
                    }
                }
            }
            if (planFile == null) {
                throw new IllegalArgumentException("missing the plan file");
            }
        } catch (IllegalArgumentException e) {
            err.println("image-builder build: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        TagPlan plan;
        try {
            byte[] bytes = planFile.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(planFile));
            plan = EventCodec.decode(bytes, TagPlan.class);
        } catch (IOException e) {
            err.println("image-builder build: cannot read " + planFile + ": " + e.getMessage());
            return 2;
        } catch (InvalidEventException e) {
            err.println("image-builder build: " + planFile + " is not a valid TagPlan: " + e.getMessage());
            return 2;
        }
        BuilderConfig config = new BuilderConfig(cacheDir, concurrency, BuilderConfig.DEFAULT_TOOL_NAME, BuilderConfig.DEFAULT_TOOL_VERSION,
                new ArrayList<>(insecure), dockerConfig, 3, Duration.ofSeconds(2), Duration.ofMinutes(30));
        CredentialStore credentials = Credentials.standard(config.dockerConfig());
        ExecutorService pool = Executors.newFixedThreadPool(config.concurrency());
        try (RegistryClient client = RegistryClient.builder().credentials(credentials).insecureRegistries(insecure).build()) {
            RegistryAccess access = new RegistryAccess(client, credentials, insecure);
            List<BuildResult> results = new PlanBuilder(new VariantBuilder(config, access, Clock.systemUTC()), pool).build(plan);
            boolean ok = true;
            for (BuildResult r : results) {
                out.println(EventCodec.toJson(r));
                ok &= r.status() == BuildStatus.SUCCEEDED;
            }
            return ok ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("image-builder build: interrupted");
            return 1;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
