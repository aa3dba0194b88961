package dev.tagline.policy;

import dev.tagline.policy.release.ChannelSpec;
import dev.tagline.policy.release.ComponentSpec;
import dev.tagline.policy.release.Flavor;
import dev.tagline.policy.release.ImageSpec;
import dev.tagline.policy.release.PreviewPolicy;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.policy.release.RepoMetadata;
import dev.tagline.policy.release.TagRule;
import dev.tagline.policy.release.Template;
import dev.tagline.policy.release.Triggers;
import dev.tagline.policy.release.VariantSpec;
import dev.tagline.policy.autorelease.AutoRelease;
import dev.tagline.policy.autorelease.AutoReleaseParser;
import dev.tagline.policy.retention.EcrLifecyclePolicy;
import dev.tagline.policy.retention.RetentionPolicy;
import dev.tagline.policy.retention.RetentionPolicyParser;
import dev.tagline.schema.event.BuildCommand;
import dev.tagline.schema.event.SandboxGrants;
import dev.tagline.schema.event.BuildRecipe;
import dev.tagline.schema.event.ContainerConfig;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.Layer;
import dev.tagline.schema.value.InvalidValueException;
import dev.tagline.schema.value.Platform;
import dev.tagline.schema.value.RepositoryId;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The one parser of the policy file, for every service: reads the YAML (or JSON) node tree with its
 * line numbers and builds every section ({@code tags}, {@code variants}, {@code channels},
 * {@code recipe}, {@code retention}, {@code ecrLifecyclePolicy}, ...). Every problem is an
 * {@link InvalidPolicyException} {@code file:line: section: problem}; unknown keys are errors (a typo
 * must not silently change what gets tagged or deleted).
 */
public final class PolicyParser {
    private static final Pattern VARIANT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Set<String> TOP_KEYS = Set.of("repository", "defaultBranch", "metadata", "images", "tags", "flavor",
            "labels", "annotations", "floatingTags", "versionLabel", "retraction", "on", "platforms", "recipe", "variants", "channels", "retention",
            "ecrLifecyclePolicy", "shortShaLength", "components", "release", "previews");
    /** What a component may set over the top-level policy. */
    private static final Set<String> COMPONENT_KEYS = Set.of("name", "tagPrefixes", "metadata", "images", "tags", "flavor", "labels",
            "annotations", "floatingTags", "versionLabel", "retraction", "on", "platforms", "recipe");
    private static final java.util.regex.Pattern COMPONENT_NAME = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Set<String> METADATA_KEYS = Set.of("title", "description", "url", "source", "licenses");

    private final String file;

    private PolicyParser(String file) {
        this.file = file;
    }

    /** The release policy of a file, for tag-planner: the file must name its {@code repository}. */
    public static ReleasePolicy parse(Path path) {
        return parse(path.getFileName().toString(), read(path));
    }

    /**
     * The release policy of a text, for tag-planner: the text must name its {@code repository}.
     *
     * @param file the name used in error messages
     */
    public static ReleasePolicy parse(String file, String text) {
        PolicyParser parser = new PolicyParser(file);
        Node root = parser.compose(text);
        return parser.policy(root, text).release()
                .orElseThrow(() -> parser.error(root, "repository", "is required"));
    }

    /** Every section of a policy file. */
    public static PolicyFile parseFile(Path path) {
        return parseFile(path.getFileName().toString(), read(path));
    }

    /** Every section of a policy text; {@code file} names it in error messages. */
    public static PolicyFile parseFile(String file, String text) {
        PolicyParser parser = new PolicyParser(file);
        return parser.policy(parser.compose(text), text);
    }

    /**
     * A retention policy: the {@code retention:} section of a policy file (every other section is
     * validated too), or a bare retention document holding only the retention keys
     * ({@code tagline prune plan --policy}).
     */
    public static RetentionPolicy parseRetention(String file, String text) {
        PolicyParser parser = new PolicyParser(file);
        Node root = parser.compose(text);
        if (root instanceof MappingNode m && m.getValue().stream().anyMatch(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("retention"))) {
            return parser.policy(root, text).retention().orElseThrow();
        }
        return parser.section(root, "", RetentionPolicyParser::section);
    }

    /**
     * A stand-alone ECR lifecycle policy document ({@code {"rules": [...]}}, as {@code aws ecr
     * get-lifecycle-policy} gives it), with errors placed on their line ({@code tagline prune plan --ecr-policy}).
     */
    public static EcrLifecyclePolicy parseEcr(String file, String text) {
        PolicyParser parser = new PolicyParser(file);
        return parser.section(parser.compose(text), "", EcrLifecyclePolicy::section);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidPolicyException(path.toString(), 0, null, "cannot read: " + e.getMessage());
        }
    }

    private Node compose(String text) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new InvalidPolicyException(file, line, null, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new InvalidPolicyException(file, 0, null, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new InvalidPolicyException(file, 1, null, "the policy is empty");
        }
        return root;
    }

    private PolicyFile policy(Node root, String text) {
        Map<String, Node> top = mapping(root, "policy", TOP_KEYS);
        RepositoryId repository = top.containsKey("repository") ? repository(top.get("repository")) : null;
        if (repository == null && top.containsKey("metadata")) {
            mapping(top.get("metadata"), "metadata", METADATA_KEYS);
        }
        List<ImageSpec> images = images(top.get("images"));
        String digest = digest(text);
        ReleasePolicy main = release(top, repository, digest, top.get("variants"), top.get("channels"), List.of());
        if (repository == null) {
            // a retention-only file: every release section is still validated, none is a release policy
            components(top, repository, digest);
        }
        Optional<RetentionPolicy> retention = Optional.ofNullable(top.get("retention"))
                .map(n -> section(n, "retention.", RetentionPolicyParser::section));
        Optional<EcrLifecyclePolicy> ecr = Optional.ofNullable(top.get("ecrLifecyclePolicy"))
                .map(n -> section(n, "ecrLifecyclePolicy.", EcrLifecyclePolicy::section));
        AutoRelease autoRelease = Optional.ofNullable(top.get("release"))
                .map(n -> section(n, "release.", AutoReleaseParser::section)).orElse(null);
        Optional<ReleasePolicy> release = repository == null ? Optional.empty()
                : Optional.of(new ReleasePolicy(main.repository(), main.source(), main.digest(), main.defaultBranch(), main.metadata(),
                main.images(), main.tags(), main.flavor(), main.labels(), main.annotations(), main.floating(), main.versionLabel(),
                main.retraction(), main.triggers(),
                main.variants(), main.channels(), main.shortShaLength(), components(top, repository, digest), autoRelease,
                main.previews()));
        return new PolicyFile(file, digest, release, images, retention, ecr);
    }

    /** The release sections of {@code top} (a policy, or a policy with a component's keys over it); null without repository. */
    private ReleasePolicy release(Map<String, Node> top, RepositoryId repository, String digest, Node variantsNode, Node channelsNode,
                                  List<ComponentSpec> components) {
        String defaultBranch = optionalText(top, "defaultBranch", "main");
        RepoMetadata metadata = repository == null ? null : metadata(top.get("metadata"), repository);
        List<ImageSpec> images = images(top.get("images"));
        List<TagRule> tags = tags(top.get("tags"));
        Flavor flavor = flavor(top.get("flavor"));
        List<Template> labels = templates(top.get("labels"), "label");
        List<Template> annotations = templates(top.get("annotations"), "annotation");
        ReleasePolicy.FloatingTags floating = choice(top.get("floatingTags"), "floatingTags", ReleasePolicy.FloatingTags.HISTORY);
        ReleasePolicy.VersionLabel versionLabel = choice(top.get("versionLabel"), "versionLabel", ReleasePolicy.VersionLabel.COMMIT);
        ReleasePolicy.Retraction retraction = choice(top.get("retraction"), "retraction", ReleasePolicy.Retraction.KEEP);
        Triggers triggers = triggers(top.get("on"));
        List<Platform> platforms = top.containsKey("platforms") ? platforms(top.get("platforms")) : List.of(Platform.parse("linux/amd64"));
        BuildRecipe recipe = recipe(top.get("recipe"), null);
        List<VariantSpec> variants = variants(variantsNode, images, platforms, recipe);
        List<ChannelSpec> channels = channels(channelsNode);
        int shortSha = shortShaLength(top.get("shortShaLength"));
        PreviewPolicy previews = top.containsKey("previews") ? section(top.get("previews"), "previews.", PreviewPolicy::section)
                : PreviewPolicy.DEFAULT;
        return repository == null ? null : new ReleasePolicy(repository, file, digest, defaultBranch, metadata, images, tags, flavor, labels,
                annotations, floating, versionLabel, retraction, triggers, variants, channels, shortSha, components, null, previews);
    }

    private int shortShaLength(Node node) {
        if (node == null) {
            return ReleasePolicy.DEFAULT_SHORT_SHA_LENGTH;
        }
        String v = scalar(node, "shortShaLength");
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(node, "shortShaLength", "must be a number from 1 to 64, was '" + v + "'");
    }

    /** {@code components}: each one's keys over the top-level ones (variants and channels stay top-level only). */
    private List<ComponentSpec> components(Map<String, Node> top, RepositoryId repository, String digest) {
        Node node = top.get("components");
        List<ComponentSpec> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (Node item : sequence(node, "components")) {
            Map<String, Node> m = mapping(item, "component", COMPONENT_KEYS);
            String name = text(m, "name", item);
            if (!COMPONENT_NAME.matcher(name).matches()) {
                throw error(m.get("name"), "component '" + name + "'", "name must match [a-z0-9][a-z0-9._-]{0,62}");
            }
            if (out.stream().anyMatch(c -> c.name().equals(name))) {
                throw error(m.get("name"), "component '" + name + "'", "declared twice");
            }
            List<String> prefixes = m.containsKey("tagPrefixes") ? strings(m.get("tagPrefixes"), "component.tagPrefixes")
                    : List.of(name + "/", name + "-");
            if (prefixes.isEmpty() || prefixes.stream().anyMatch(String::isEmpty)) {
                throw error(item, "component '" + name + "'", "tagPrefixes must list non-empty prefixes");
            }
            Map<String, Node> merged = new java.util.LinkedHashMap<>(top);
            merged.remove("components");
            m.forEach((k, v) -> {
                if (!k.equals("name") && !k.equals("tagPrefixes")) {
                    merged.put(k, v);
                }
            });
            ReleasePolicy policy = release(merged, repository, digest, null, null, List.of());
            if (policy != null) {
                // one variant named after the component: its history is its own
                VariantSpec v = policy.defaultVariant();
                VariantSpec named = new VariantSpec(name, "", v.images(), v.platforms(), v.recipe(), v.enable());
                policy = new ReleasePolicy(policy.repository(), policy.source(), policy.digest(), policy.defaultBranch(), policy.metadata(),
                        policy.images(), policy.tags(), policy.flavor(), policy.labels(), policy.annotations(), policy.floating(),
                        policy.versionLabel(), policy.retraction(), policy.triggers(), List.of(named), policy.channels(), policy.shortShaLength(), List.of(),
                        null, policy.previews());
            }
            out.add(new ComponentSpec(name, prefixes, policy));
        }
        return out;
    }

    /** {@code sha256:<hex>} of a policy text. */
    public static String digest(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return "sha256:" + HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- sections

    private RepositoryId repository(Node node) {
        String value = scalar(node, "repository");
        try {
            return RepositoryId.of(value);
        } catch (InvalidValueException e) {
            throw error(node, "repository", e.getMessage());
        }
    }

    private RepoMetadata metadata(Node node, RepositoryId repository) {
        Map<String, Node> m = node == null ? Map.of() : mapping(node, "metadata", METADATA_KEYS);
        String host = repository.value().substring(0, repository.value().indexOf('/'));
        String defaultUrl = host.contains(".") ? "https://" + repository.value() : "";
        String url = optionalText(m, "url", defaultUrl);
        return new RepoMetadata(optionalText(m, "title", repository.name()), optionalText(m, "description", ""), url,
                optionalText(m, "source", url), optionalText(m, "licenses", ""));
    }

    private List<ImageSpec> images(Node node) {
        List<ImageSpec> images = new ArrayList<>();
        List<Line> lines = lines(node, "images");
        if (lines.isEmpty()) {
            return images;
        }
        try {
            images.addAll(ImageSpec.parse(lines.stream().map(Line::text).toList()));
        } catch (InvalidPolicyException e) {
            throw e.at(file, lines.get(0).line());
        }
        for (int i = 0; i < images.size(); i++) {
            ImageSpec image = images.get(i);
            try {
                dev.tagline.schema.value.ImageRepository.parse(image.name());
            } catch (InvalidValueException e) {
                throw new InvalidPolicyException(file, lines.get(Math.min(i, lines.size() - 1)).line(), "image '" + image.name() + "'", e.getMessage());
            }
        }
        return images;
    }

    private List<TagRule> tags(Node node) {
        List<String> texts = new ArrayList<>();
        for (Line line : lines(node, "tags")) {
            try {
                TagRule.parse(line.text());
            } catch (InvalidPolicyException e) {
                throw e.at(file, line.line());
            }
            texts.add(line.text());
        }
        return TagRule.transform(texts);
    }

    private Flavor flavor(Node node) {
        List<Line> lines = lines(node, "flavor");
        for (Line line : lines) {
            try {
                Flavor.parse(List.of(line.text()));
            } catch (InvalidPolicyException e) {
                throw e.at(file, line.line());
            }
        }
        return Flavor.parse(lines.stream().map(Line::text).toList());
    }

    private List<Template> templates(Node node, String what) {
        List<Template> out = new ArrayList<>();
        for (Line line : lines(node, what + "s")) {
            try {
                out.add(Template.parse(line.text()));
            } catch (InvalidPolicyException e) {
                throw new InvalidPolicyException(file, line.line(), what + " '" + line.text() + "'", e.problem());
            }
        }
        return out;
    }

    /**
     * A key whose values are the lower-case names of {@code fallback}'s enum constants (floatingTags: history);
     * {@code fallback} when the key is absent.
     */
    private <E extends Enum<E>> E choice(Node node, String key, E fallback) {
        if (node == null) {
            return fallback;
        }
        String v = scalar(node, key);
        List<E> options = List.of(fallback.getDeclaringClass().getEnumConstants());
        for (E option : options) {
            if (option.name().toLowerCase(Locale.ROOT).equals(v)) {
                return option;
            }
        }
        String names = String.join(" or ", options.stream().map(o -> o.name().toLowerCase(Locale.ROOT)).toList());
        throw error(node, key, "must be " + names + ", was '" + v + "'");
    }

    private Triggers triggers(Node node) {
        if (node == null) {
            return Triggers.ALL;
        }
        Map<String, Node> m = mapping(node, "on", Set.of("tags", "branches", "pullRequests", "schedules"));
        return new Triggers(
                m.containsKey("tags") ? strings(m.get("tags"), "on.tags") : List.of(),
                m.containsKey("branches") ? strings(m.get("branches"), "on.branches") : List.of(),
                m.containsKey("pullRequests") && bool(m.get("pullRequests"), "on.pullRequests"),
                m.containsKey("schedules") ? strings(m.get("schedules"), "on.schedules") : List.of());
    }

    private List<Platform> platforms(Node node) {
        List<Platform> out = new ArrayList<>();
        for (Node item : sequence(node, "platforms")) {
            String v = scalar(item, "platforms");
            try {
                Platform p = Platform.parse(v);
                if (out.contains(p)) {
                    throw error(item, "platforms", "'" + v + "' is listed twice");
                }
                out.add(p);
            } catch (InvalidValueException e) {
                throw error(item, "platforms", e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw error(node, "platforms", "lists no platform");
        }
        return out;
    }

    private BuildRecipe recipe(Node node, BuildRecipe base) {
        if (node == null) {
            return base != null ? base : new BuildRecipe(null, null, null, null);
        }
        Map<String, Node> m = mapping(node, "recipe", Set.of("base", "layers", "buildCommand", "container"));
        String baseImage = m.containsKey("base") ? scalar(m.get("base"), "recipe.base") : base == null ? null : base.baseImage();
        List<Layer> layers = m.containsKey("layers") ? layers(m.get("layers")) : base == null ? null : base.layers();
        BuildCommand command = m.containsKey("buildCommand") ? buildCommand(m.get("buildCommand")) : base == null ? null : base.buildCommand();
        ContainerConfig container = m.containsKey("container") ? container(m.get("container")) : base == null ? null : base.container();
        try {
            return new BuildRecipe(baseImage, layers, command, container);
        } catch (InvalidEventException e) {
            throw error(node, "recipe", e.getMessage());
        }
    }

    private List<Layer> layers(Node node) {
        List<Layer> out = new ArrayList<>();
        for (Node item : sequence(node, "recipe.layers")) {
            Map<String, Node> m = mapping(item, "layer", Set.of("name", "source", "target", "excludes", "fileMode"));
            try {
                out.add(new Layer(text(m, "name", item), text(m, "source", item), text(m, "target", item),
                        m.containsKey("excludes") ? strings(m.get("excludes"), "layer.excludes") : null,
                        m.containsKey("fileMode") ? scalar(m.get("fileMode"), "layer.fileMode") : null));
            } catch (InvalidEventException e) {
                throw error(item, "layer", e.getMessage());
            }
        }
        return out;
    }

    private BuildCommand buildCommand(Node node) {
        Map<String, Node> m = mapping(node, "buildCommand", Set.of("command", "timeoutSeconds", "env", "tools", "network"));
        try {
            long timeout = m.containsKey("timeoutSeconds") ? Long.parseLong(scalar(m.get("timeoutSeconds"), "buildCommand.timeoutSeconds")) : 0;
            SandboxGrants grants = SandboxGrants.of(m.containsKey("tools") ? strings(m.get("tools"), "buildCommand.tools") : null,
                    m.containsKey("network") && bool(m.get("network"), "buildCommand.network"));
            return new BuildCommand(strings(required(m, "command", node), "buildCommand.command"), timeout,
                    m.containsKey("env") ? stringMap(m.get("env"), "buildCommand.env") : null, grants);
        } catch (NumberFormatException e) {
            throw error(m.get("timeoutSeconds"), "buildCommand.timeoutSeconds", "must be a whole number of seconds");
        } catch (InvalidEventException e) {
            throw error(node, "buildCommand", e.getMessage());
        }
    }

    private ContainerConfig container(Node node) {
        Map<String, Node> m = mapping(node, "container", Set.of("entrypoint", "cmd", "env", "workingDir", "user", "ports", "volumes"));
        try {
            return new ContainerConfig(
                    m.containsKey("entrypoint") ? strings(m.get("entrypoint"), "container.entrypoint") : null,
                    m.containsKey("cmd") ? strings(m.get("cmd"), "container.cmd") : null,
                    m.containsKey("env") ? stringMap(m.get("env"), "container.env") : null,
                    m.containsKey("workingDir") ? scalar(m.get("workingDir"), "container.workingDir") : null,
                    m.containsKey("user") ? scalar(m.get("user"), "container.user") : null,
                    m.containsKey("ports") ? strings(m.get("ports"), "container.ports") : null,
                    m.containsKey("volumes") ? strings(m.get("volumes"), "container.volumes") : null);
        } catch (InvalidEventException e) {
            throw error(node, "container", e.getMessage());
        }
    }

    private List<VariantSpec> variants(Node node, List<ImageSpec> images, List<Platform> platforms, BuildRecipe recipe) {
        if (node == null) {
            return List.of(new VariantSpec("default", "", images, platforms, recipe, Template.parse("true")));
        }
        List<VariantSpec> out = new ArrayList<>();
        for (Node item : sequence(node, "variants")) {
            Map<String, Node> m = mapping(item, "variant", Set.of("name", "suffix", "images", "platforms", "recipe", "enable"));
            String name = text(m, "name", item);
            if (!VARIANT_NAME.matcher(name).matches()) {
                throw error(m.get("name"), "variant '" + name + "'", "name must match [a-z0-9][a-z0-9_-]{0,62}");
            }
            if (out.stream().anyMatch(v -> v.name().equals(name))) {
                throw error(m.get("name"), "variant '" + name + "'", "declared twice");
            }
            String suffix = m.containsKey("suffix") ? scalar(m.get("suffix"), "variant.suffix") : out.isEmpty() ? "" : "-" + name;
            if (out.stream().anyMatch(v -> v.suffix().equals(suffix))) {
                throw error(item, "variant '" + name + "'", "tag suffix '" + suffix + "' is already used by another variant");
            }
            Template enable;
            try {
                enable = Template.parse(optionalText(m, "enable", "true"));
            } catch (InvalidPolicyException e) {
                throw error(m.get("enable"), "variant '" + name + "' enable", e.problem());
            }
            out.add(new VariantSpec(name, suffix, m.containsKey("images") ? images(m.get("images")) : images,
                    m.containsKey("platforms") ? platforms(m.get("platforms")) : platforms, recipe(m.get("recipe"), recipe), enable));
        }
        if (out.isEmpty()) {
            throw error(node, "variants", "lists no variant (leave the key out for a single image)");
        }
        return out;
    }

    private List<ChannelSpec> channels(Node node) {
        List<ChannelSpec> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (Node item : sequence(node, "channels")) {
            Map<String, Node> m = mapping(item, "channel", Set.of("name", "branch", "branches", "schedule", "schedules", "prerelease", "release", "tags"));
            String name = text(m, "name", item);
            String subject = "channel '" + name + "'";
            List<String> branches = new ArrayList<>();
            if (m.containsKey("branch")) {
                branches.add(scalar(m.get("branch"), subject + " branch"));
            }
            if (m.containsKey("branches")) {
                branches.addAll(strings(m.get("branches"), subject + " branches"));
            }
            List<String> schedules = new ArrayList<>();
            if (m.containsKey("schedule")) {
                schedules.add(scalar(m.get("schedule"), subject + " schedule"));
            }
            if (m.containsKey("schedules")) {
                schedules.addAll(strings(m.get("schedules"), subject + " schedules"));
            }
            Pattern prerelease = null;
            if (m.containsKey("prerelease")) {
                String re = scalar(m.get("prerelease"), subject + " prerelease");
                try {
                    prerelease = Pattern.compile(re.equals("true") ? ".*" : re);
                } catch (PatternSyntaxException e) {
                    throw error(m.get("prerelease"), subject, "prerelease is not a valid regex: " + e.getDescription());
                }
            }
            boolean release = m.containsKey("release") && bool(m.get("release"), subject + " release");
            int selectors = (branches.isEmpty() ? 0 : 1) + (schedules.isEmpty() ? 0 : 1) + (prerelease == null ? 0 : 1) + (release ? 1 : 0);
            if (selectors != 1) {
                throw error(item, subject, "needs exactly one of branch(es), schedule(s), prerelease or release: true");
            }
            List<Template> tags = new ArrayList<>();
            if (m.containsKey("tags")) {
                for (Line line : lines(m.get("tags"), subject + " tags")) {
                    try {
                        tags.add(Template.parse(line.text()));
                    } catch (InvalidPolicyException e) {
                        throw new InvalidPolicyException(file, line.line(), subject, e.problem());
                    }
                }
            } else {
                tags.add(Template.parse(name));
            }
            out.add(new ChannelSpec(name, branches, schedules, prerelease, release, tags));
        }
        return out;
    }

    /** A section read from plain values (registry-pruner's sections); its errors are placed on the line of the field they name. */
    private <T> T section(Node node, String prefix, java.util.function.BiFunction<Object, String, T> reader) {
        try {
            return reader.apply(new Values().of(node), prefix);
        } catch (InvalidPolicyException e) {
            if (e.file() != null) {
                throw e;
            }
            String subject = e.subject();
            if (subject == null || subject.isEmpty()) {
                subject = prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1);
            }
            String path = subject == null ? null : subject.startsWith(prefix) ? subject.substring(prefix.length()) : subject;
            return throwAt(node, path, subject, e.problem());
        }
    }

    private <T> T throwAt(Node node, String path, String subject, String problem) {
        throw new InvalidPolicyException(file, line(find(node, path)), subject, problem);
    }

    /** The node a field path such as {@code keepLast[0].pattern} names under {@code node}, or the nearest one found. */
    private static Node find(Node node, String path) {
        if (path == null || path.isEmpty()) {
            return node;
        }
        Node at = node;
        for (String step : path.replace("[", ".[").split("\\.")) {
            if (step.isEmpty()) {
                continue;
            }
            Node next = null;
            if (step.startsWith("[") && step.endsWith("]") && at instanceof SequenceNode seq) {
                try {
                    int i = Integer.parseInt(step.substring(1, step.length() - 1));
                    next = i < seq.getValue().size() ? seq.getValue().get(i) : null;
                } catch (NumberFormatException e) {
                    next = null;
                }
            } else if (at instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && normalize(k.getValue()).equals(normalize(step))) {
                        next = t.getValueNode();
                    }
                }
            }
            if (next == null) {
                return at;
            }
            at = next;
        }
        return at;
    }

    private static String normalize(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** Turns a node tree into plain values (maps, lists, strings, integers, booleans) as SnakeYAML's safe loader would. */
    private static final class Values extends SafeConstructor {
        Values() {
            super(new LoaderOptions());
        }

        Object of(Node node) {
            return constructObject(node);
        }
    }

    private void regex(Node node, String key, String pattern) {
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw error(node, key, "'" + pattern + "' is not a valid regex: " + e.getDescription());
        }
    }

    // ---- YAML helpers

    record Line(String text, int line) {
    }

    /** A list of strings, or a block string with one entry per line ('#' lines are comments), as in a GitHub Actions input. */
    private List<Line> lines(Node node, String key) {
        List<Line> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node instanceof ScalarNode s) {
            int line = line(s);
            boolean block = s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.LITERAL
                    || s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.FOLDED;
            String[] parts = s.getValue().split("\n", -1);
            for (int i = 0; i < parts.length; i++) {
                String t = parts[i].trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(new Line(t, line + i + (block ? 1 : 0)));
                }
            }
            return out;
        }
        for (Node item : sequence(node, key)) {
            String t = scalar(item, key).trim();
            if (!t.isEmpty()) {
                out.add(new Line(t, line(item)));
            }
        }
        return out;
    }

    private Map<String, Node> mapping(Node node, String key, Set<String> allowed) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, key, "must be a mapping (key: value)");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String k = scalar(t.getKeyNode(), key);
            if (!allowed.contains(k)) {
                throw error(t.getKeyNode(), key, "unknown key '" + k + "' (expected one of " + new java.util.TreeSet<>(allowed) + ")");
            }
            out.put(k, t.getValueNode());
        }
        return out;
    }

    private List<Node> sequence(Node node, String key) {
        if (!(node instanceof SequenceNode s)) {
            throw error(node, key, "must be a list");
        }
        return s.getValue();
    }

    private String scalar(Node node, String key) {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, key, "must be a single value");
        }
        return s.getValue();
    }

    private boolean bool(Node node, String key) {
        String v = scalar(node, key);
        if (!v.equals("true") && !v.equals("false")) {
            throw error(node, key, "must be true or false, was '" + v + "'");
        }
        return v.equals("true");
    }

    private List<String> strings(Node node, String key) {
        if (node instanceof ScalarNode s) {
            return List.of(s.getValue());
        }
        List<String> out = new ArrayList<>();
        for (Node item : sequence(node, key)) {
            out.add(scalar(item, key));
        }
        return out;
    }

    private Map<String, String> stringMap(Node node, String key) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, key, "must be a mapping");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            out.put(scalar(t.getKeyNode(), key), scalar(t.getValueNode(), key));
        }
        return out;
    }

    private Node required(Map<String, Node> m, String key, Node parent) {
        Node n = m.get(key);
        if (n == null) {
            throw error(parent, key, "is required");
        }
        return n;
    }

    private String text(Map<String, Node> m, String key, Node parent) {
        return scalar(required(m, key, parent), key);
    }

    private String optionalText(Map<String, Node> m, String key, String fallback) {
        Node n = m.get(key);
        return n == null ? fallback : scalar(n, key);
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    InvalidPolicyException error(Node node, String subject, String problem) {
        return new InvalidPolicyException(file, line(node), subject, problem);
    }
}
