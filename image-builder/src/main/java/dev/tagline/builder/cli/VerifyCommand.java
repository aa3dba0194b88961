package dev.tagline.builder.cli;

import dev.tagline.builder.registry.Credentials;
import dev.tagline.builder.signing.ImageVerifier;
import dev.tagline.builder.signing.KeyFormatException;
import dev.tagline.builder.signing.PemKeys;
import dev.tagline.builder.verify.ExpectedTags;
import dev.tagline.builder.verify.ExpectedTags.Expectation;
import dev.tagline.builder.verify.ExpectedTags.Verdict;
import dev.tagline.builder.verify.TopicLog;
import dev.tagline.cli.CommandLines;
import dev.tagline.cli.ExitCode;
import dev.tagline.cli.InsecureRegistryOptions;
import dev.tagline.cli.JsonOutput;
import dev.tagline.cli.KafkaOptions;
import dev.tagline.cli.OutputOptions;
import dev.tagline.cli.StatusLine;
import dev.tagline.cli.TaglineCommand;
import dev.tagline.cli.UsageError;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.InvalidValueException;
import dev.tagline.schema.value.RepositoryId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code tagline verify}: does the registry hold what the log says? Reads image.tag-plans,
 * image.build-results and registry.prune-audit, then checks every planned tag of the selected images.
 */
@Command(name = "verify",
        description = {"Without IMAGE: checks that the registry's tags match the plans: every tag of the last plan listing it points at that plan's",
                "built digest, unless a prune deleted it since. Reads image.tag-plans, image.build-results and registry.prune-audit;",
                "changes nothing.",
                "With IMAGE and --key: checks the image's cosign signature and its SLSA provenance with the public key, and prints",
                "the commit, ref, policy digest and base image it was built from."},
        exitCodeList = {"0:every planned tag is where the log says; or the image's signature and provenance verify",
                "1:a tag is missing, wrong or not built, or Kafka or a registry failed; or the signature or provenance does not verify",
                "2:usage"})
final class VerifyCommand extends TaglineCommand {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE",
            description = "an image to verify, REGISTRY/NAME[:TAG|@DIGEST] (needs --key)")
    String image;

    @Option(names = "--key", paramLabel = "PUBLIC.pem", description = "the PEM public key (ECDSA P-256) IMAGE must be signed with")
    Path key;

    @Option(names = "--repository", paramLabel = "ID", description = "only the plans of this source repository, e.g. github.com/acme/shop")
    String repository;

    @Option(names = "--image", paramLabel = "REGISTRY/NAME", description = "only this image, e.g. 127.0.0.1:5000/acme/shop (repeatable)")
    List<String> images = new ArrayList<>();

    @Mixin
    KafkaOptions kafka;

    @Mixin
    InsecureRegistryOptions insecure;

    @Option(names = "--docker-config", paramLabel = "FILE", description = "registry credentials (default: ${DEFAULT-VALUE})")
    Path dockerConfig = Path.of(System.getProperty("user.home"), ".docker", "config.json");

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        if (image != null || key != null) {
            return verifyImage();
        }
        RepositoryId source = null;
        Set<ImageRepository> only = new LinkedHashSet<>();
        try {
            if (repository != null) {
                source = RepositoryId.of(repository);
            }
            for (String image : images) {
                only.add(ImageRepository.parse(image));
            }
        } catch (InvalidValueException e) {
            throw new UsageError(e.getMessage());
        }
        String bootstrap = kafka.orDefault(System.getenv());
        StatusLine status = StatusLine.onTerminal(spec.commandLine().getErr(), false);
        status.update("reading " + Topics.TAG_PLANS_NAME + ", " + Topics.BUILD_RESULTS_NAME + " and " + Topics.PRUNE_AUDIT_NAME + " from "
                + bootstrap + " ...");
        List<Expectation> expected;
        try {
            RepositoryId from = source;
            List<ExpectedTags.Stamped<TagPlan>> plans = TopicLog.read(bootstrap, Topics.TAG_PLANS, READ_TIMEOUT).stream()
                    .filter(s -> from == null || s.value().repository().equals(from)).toList();
            expected = ExpectedTags.expected(plans,
                    TopicLog.read(bootstrap, Topics.BUILD_RESULTS, READ_TIMEOUT).stream().map(ExpectedTags.Stamped::value).toList(),
                    TopicLog.read(bootstrap, Topics.PRUNE_AUDIT, READ_TIMEOUT));
        } catch (RuntimeException e) {
            status.done();
            throw new IllegalStateException("cannot read the log from Kafka at " + bootstrap + ": " + CommandLines.reason(e), e);
        }
        expected = expected.stream().filter(x -> only.isEmpty() || only.contains(x.image())).toList();
        Map<Expectation, Verdict> verdicts = new LinkedHashMap<>();
        Map<Expectation, Digest> actuals = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        Set<String> plain = insecure.registries();
        try (RegistryClient client = RegistryClient.builder().credentials(Credentials.standard(dockerConfig)).insecureRegistries(plain).build()) {
            Map<ImageRepository, Set<ImageTag>> listed = new LinkedHashMap<>();
            int n = 0;
            for (Expectation x : expected) {
                status.update("[" + (++n) + "/" + expected.size() + "] " + x.image() + ":" + x.tag().value());
                Set<ImageTag> tags = listed.computeIfAbsent(x.image(), image -> list(client, image, failures));
                if (tags == null) {
                    continue;
                }
                Optional<Digest> actual = Optional.empty();
                if (tags.contains(x.tag())) {
                    try {
                        actual = client.resolve(x.image(), x.tag()).map(Descriptor::digest);
                    } catch (RegistryException e) {
                        failures.add("cannot resolve " + x.image() + ":" + x.tag().value() + ": " + e.getMessage());
                        continue;
                    }
                }
                actual.ifPresent(d -> actuals.put(x, d));
                verdicts.put(x, ExpectedTags.judge(x, actual));
            }
        } finally {
            status.done();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.json() ? JsonOutput.pretty(json(verdicts, actuals, failures)) : text(verdicts, actuals, failures));
        out.flush();
        boolean ok = failures.isEmpty() && verdicts.values().stream().allMatch(Verdict::ok);
        return ok ? ExitCode.OK : ExitCode.FAILED;
    }

    private int verifyImage() {
        if (image == null || key == null) {
            throw new UsageError("verifying an image needs both IMAGE and --key PUBLIC.pem");
        }
        if (repository != null || !images.isEmpty()) {
            throw new UsageError("IMAGE --key verifies one image's signature; --repository and --image select plans of the log check");
        }
        ImageVerifier.ImageRef ref;
        PublicKey publicKey;
        try {
            ref = ImageVerifier.ImageRef.parse(image);
            publicKey = PemKeys.readPublic(key);
        } catch (InvalidValueException | KeyFormatException e) {
            throw new UsageError(e.getMessage());
        }
        ImageVerifier.Report report;
        try (RegistryClient client = RegistryClient.builder().credentials(Credentials.standard(dockerConfig))
                .insecureRegistries(insecure.registries()).build()) {
            report = new ImageVerifier(client).verify(ref, publicKey);
        } catch (RegistryException e) {
            report = new ImageVerifier.Report(ref, null, null, null, "registry: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.json() ? JsonOutput.pretty(ImageReportText.json(report)) : ImageReportText.text(report));
        out.flush();
        return report.ok() ? ExitCode.OK : ExitCode.FAILED;
    }

    private static Set<ImageTag> list(RegistryClient client, ImageRepository image, List<String> failures) {
        try {
            return new HashSet<>(client.listTags(image));
        } catch (RegistryException e) {
            failures.add("cannot list " + image + ": " + e.getMessage());
            return null;
        }
    }

    private static String text(Map<Expectation, Verdict> verdicts, Map<Expectation, Digest> actuals, List<String> failures) {
        StringBuilder s = new StringBuilder();
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Map.Entry<Expectation, Verdict> e : verdicts.entrySet()) {
            counts.merge(e.getValue(), 1, Integer::sum);
            Expectation x = e.getKey();
            if (!e.getValue().ok()) {
                s.append(String.format("  %-9s %s:%s  plan %s/%s wants %s, registry has %s%n", e.getValue(), x.image(), x.tag().value(),
                        x.planId(), x.variant(), x.digest() == null ? "(no successful build)" : x.digest().value(),
                        actuals.containsKey(x) ? actuals.get(x).value() : "(no tag)"));
            }
        }
        failures.forEach(f -> s.append("  ERROR     ").append(f).append('\n'));
        StringBuilder head = new StringBuilder("verified " + verdicts.size() + " planned tag(s):");
        for (Verdict v : Verdict.values()) {
            head.append(' ').append(v.name().toLowerCase(java.util.Locale.ROOT)).append(' ').append(counts.getOrDefault(v, 0));
        }
        if (!failures.isEmpty()) {
            head.append(", ").append(failures.size()).append(" error(s)");
        }
        return head.append('\n').append(s).toString();
    }

    private static Map<String, Object> json(Map<Expectation, Verdict> verdicts, Map<Expectation, Digest> actuals, List<String> failures) {
        List<Object> tags = new ArrayList<>();
        for (Map.Entry<Expectation, Verdict> e : verdicts.entrySet()) {
            Expectation x = e.getKey();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image", x.image().toString());
            m.put("tag", x.tag().value());
            m.put("verdict", e.getValue().name());
            m.put("planId", x.planId());
            m.put("variant", x.variant());
            m.put("expected", x.digest() == null ? null : x.digest().value());
            m.put("actual", actuals.containsKey(x) ? actuals.get(x).value() : null);
            tags.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ok", failures.isEmpty() && verdicts.values().stream().allMatch(Verdict::ok));
        root.put("tags", tags);
        root.put("errors", failures);
        return root;
    }
}
