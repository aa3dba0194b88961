package dev.tagline.builder.cli;

import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.config.SandboxConfig;
import dev.tagline.builder.config.SbomSettings;
import dev.tagline.builder.sandbox.Sandbox;
import dev.tagline.builder.registry.Credentials;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.builder.service.PlanBuilder;
import dev.tagline.builder.service.VariantBuilder;
import dev.tagline.builder.push.PushLocks;
import dev.tagline.builder.signing.KeyFormatException;
import dev.tagline.builder.signing.SigningKey;
import dev.tagline.builder.signing.SigningKeys;
import dev.tagline.cli.Deprecations;
import dev.tagline.cli.ExitCode;
import dev.tagline.cli.InsecureRegistryOptions;
import dev.tagline.cli.OutputOptions;
import dev.tagline.cli.StatusLine;
import dev.tagline.cli.TaglineCommand;
import dev.tagline.cli.UsageError;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.json.EventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * {@code tagline build PLAN.json|-}: builds every variant of one tag plan without Kafka and pushes it;
 * exit 0 when all succeeded, 1 when any failed, 2 for bad usage or a plan that is not a TagPlan.
 */
@Command(name = "build",
        description = {"Builds and pushes every variant of one tag plan (a TagPlan JSON, as on image.tag-plans: 'tagline plan --output tag-plan' prints one), without Kafka.",
                "--dry-run shows what would be built and pushed, and changes nothing."},
        exitCodeList = {"0:every variant built (or --dry-run)", "1:a variant failed", "2:usage: bad flags, not a TagPlan"})
final class BuildCommand extends TaglineCommand {
    @Parameters(index = "0", paramLabel = "PLAN", description = "a TagPlan JSON file, or - for stdin")
    String planFile;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "git mirrors, layer caches, work dirs (default: ${DEFAULT-VALUE})")
    Path cacheDir = Path.of(System.getProperty("java.io.tmpdir"), "tagline-builder");

    @Mixin
    InsecureRegistryOptions insecure;

    @Option(names = "--insecure", hidden = true, paramLabel = "HOST:PORT", description = "deprecated: --insecure-registry HOST[:PORT]")
    void insecure(String hostPort) {
        Deprecations.warn(spec, "--insecure HOST:PORT", "--insecure-registry HOST[:PORT]");
        insecure.add(hostPort);
    }

    @Option(names = "--docker-config", paramLabel = "FILE", description = "registry credentials (default: ${DEFAULT-VALUE})")
    Path dockerConfig = Path.of(System.getProperty("user.home"), ".docker", "config.json");

    @Option(names = "--signing-key", paramLabel = "FILE", defaultValue = "${env:TAGLINE_BUILDER_SIGNING_KEY_FILE}",
            description = {"sign and attest every pushed digest with this PEM private key (ECDSA P-256; default: $TAGLINE_BUILDER_SIGNING_KEY_FILE;",
                    "an encrypted key's password is read from $TAGLINE_BUILDER_SIGNING_KEY_PASSWORD, never from a flag)"})
    Path signingKey;

    @Option(names = "--concurrency", paramLabel = "N", description = "variants built at once (default: ${DEFAULT-VALUE})")
    int concurrency = 2;

    @Option(names = "--dry-run", description = "show what would be built and pushed; build and push nothing")
    boolean dryRun;

    @Option(names = "--no-sbom", description = "attach no SBOM to the images pushed (default: a CycloneDX SBOM on every manifest)")
    boolean noSbom;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws InterruptedException {
        if (concurrency < 1) {
            throw new UsageError("--concurrency must be at least 1, not " + concurrency);
        }
        byte[] input = input();
        if (input.length == 0 && planFile.equals("-")) {
            // 'tagline plan --output tag-plan' prints nothing when the policy builds nothing for the ref
            spec.commandLine().getErr().println(spec.qualifiedName() + ": no plan on stdin: nothing to build");
            spec.commandLine().getErr().flush();
            return ExitCode.OK;
        }
        TagPlan plan = read(input);
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            out.print(output.json() ? EventCodec.toJson(plan) + "\n" : wouldBuild(plan));
            out.flush();
            return ExitCode.OK;
        }
        Set<String> plain = insecure.registries();
        BuilderConfig config = new BuilderConfig(cacheDir, concurrency, BuilderConfig.DEFAULT_TOOL_NAME, BuilderConfig.DEFAULT_TOOL_VERSION,
                new ArrayList<>(plain), dockerConfig, 3, Duration.ofSeconds(2), Duration.ofMinutes(30));
        CredentialStore credentials = Credentials.standard(config.dockerConfig());
        StatusLine status = StatusLine.onTerminal(spec.commandLine().getErr(), false);
        status.update("building " + plan.variants().size() + " variant(s) of " + plan.repository() + " " + plan.ref() + " ...");
        ExecutorService pool = Executors.newFixedThreadPool(config.concurrency());
        try (RegistryClient client = RegistryClient.builder().credentials(credentials).insecureRegistries(plain).manifestCache(512).build()) {
            RegistryAccess access = new RegistryAccess(client, credentials, plain);
            Sandbox sandbox = signingKey == null ? VariantBuilder.sandboxFor(config, SandboxConfig.defaults())
                    : VariantBuilder.sandboxFor(config, SandboxConfig.defaults(), signingKey);
            VariantBuilder builder = new VariantBuilder(config, sandbox, access, new PushLocks(), Clock.systemUTC(),
                    noSbom ? SbomSettings.DISABLED : SbomSettings.DEFAULT, signingKey());
            List<BuildResult> results = new PlanBuilder(builder, pool).build(plan);
            status.done();
            boolean ok = true;
            for (BuildResult r : results) {
                out.println(output.json() ? EventCodec.toJson(r) : text(r));
                ok &= r.status() == BuildStatus.SUCCEEDED;
            }
            out.flush();
            return ok ? ExitCode.OK : ExitCode.FAILED;
        } finally {
            status.done();
            pool.shutdownNow();
        }
    }

    private Optional<SigningKey> signingKey() {
        try {
            return SigningKeys.load(signingKey, System.getenv("TAGLINE_BUILDER_SIGNING_KEY_PASSWORD"));
        } catch (KeyFormatException e) {
            throw new UsageError(e.getMessage());
        }
    }

    private byte[] input() {
        try {
            return planFile.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(planFile));
        } catch (IOException e) {
            throw new UsageError("cannot read " + planFile + ": " + e.getMessage());
        }
    }

    private TagPlan read(byte[] bytes) {
        try {
            return EventCodec.decode(bytes, TagPlan.class);
        } catch (InvalidEventException e) {
            throw new UsageError(planFile + " is not a valid TagPlan: " + e.getMessage());
        }
    }

    static String wouldBuild(TagPlan plan) {
        StringBuilder s = new StringBuilder("would build " + plan.variants().size() + " variant(s) of " + plan.repository() + " "
                + plan.ref() + " at " + plan.commit() + ":\n");
        for (VariantPlan v : plan.variants()) {
            s.append("  ").append(v.name()).append("  ").append(v.platforms().stream().map(Object::toString).collect(Collectors.joining(", ")))
                    .append('\n');
            for (var image : v.images()) {
                for (var tag : v.tags()) {
                    s.append("    ").append(image).append(':').append(tag.value()).append('\n');
                }
            }
        }
        return s.toString();
    }

    static String text(BuildResult r) {
        List<String> refs = new ArrayList<>();
        for (List<PushedTags> group : java.util.Arrays.asList(r.tagsWritten(), r.tagsAlreadyPresent())) {
            if (group != null) {
                group.forEach(p -> p.tags().forEach(t -> refs.add(p.image() + ":" + t.value())));
            }
        }
        return r.variant() + "  " + r.status() + (r.digest() == null ? "" : "  " + r.digest().value())
                + (refs.isEmpty() ? "" : "  " + String.join(", ", refs))
                + (r.error() == null ? "" : "  error: " + r.error())
                + "  (uploaded " + r.bytesUploaded() + " bytes, reused " + r.bytesReused() + ")";
    }
}
