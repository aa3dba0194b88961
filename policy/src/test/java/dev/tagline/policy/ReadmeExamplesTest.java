package dev.tagline.policy;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every policy shown in a README (a ```yaml block whose keys are policy sections) and every policy
 * file kept in the repository (tag-planner/examples, the deploy files' policies directories) passes
 * both the published JSON Schema and the parser; and the two agree on bad files.
 */
class ReadmeExamplesTest {
    private static final Path ROOT = Path.of("..");
    private static final Set<String> POLICY_KEYS = Set.of("repository", "defaultBranch", "metadata", "images", "tags", "flavor",
            "labels", "annotations", "floatingTags", "versionLabel", "retraction", "on", "platforms", "recipe", "variants", "channels",
            "retention", "ecrLifecyclePolicy", "shortShaLength", "components", "release");
    private static final JsonSchema SCHEMA = schema();

    record Example(String where, String yaml) {
        @Override
        public String toString() {
            return where;
        }
    }

    static JsonSchema schema() {
        try (InputStream in = ReadmeExamplesTest.class.getResourceAsStream("/" + PolicySchema.RESOURCE)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every README.md of the repository (not under target/ or hidden directories). */
    static List<Path> readmes() throws IOException {
        return files(p -> p.getFileName().toString().equals("README.md"));
    }

    /** Policy files kept in the repository: tag-planner's examples and the deploy files' policy directories. */
    static List<Path> policyFiles() throws IOException {
        return files(p -> (p.getParent().endsWith("examples") || p.getParent().endsWith("policies"))
                && p.getFileName().toString().matches(".*\\.(ya?ml|json)"));
    }

    private static List<Path> files(java.util.function.Predicate<Path> which) throws IOException {
        try (Stream<Path> all = Files.walk(ROOT.normalize().toAbsolutePath().normalize(), 6)) {
            Path root = ROOT.toAbsolutePath().normalize();
            return all.filter(Files::isRegularFile)
                    .filter(p -> root.relativize(p).toString().split("/").length > 0)
                    .filter(p -> java.util.Arrays.stream(root.relativize(p).toString().split("/"))
                            .noneMatch(part -> part.equals("target") || part.startsWith(".") || part.equals("node_modules")))
                    .filter(which)
                    .map(p -> ROOT.resolve(root.relativize(p)))
                    .sorted().toList();
        }
    }

    /** The ```yaml blocks of the READMEs that are policy files (their top-level keys are policy sections). */
    static List<Example> readmePolicies() throws IOException {
        List<Example> out = new ArrayList<>();
        for (Path readme : readmes()) {
            List<String> lines = Files.readAllLines(readme);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).trim().equals("```yaml")) {
                    continue;
                }
                int start = i + 1;
                StringBuilder block = new StringBuilder();
                for (i = start; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
                    block.append(lines.get(i)).append('\n');
                }
                if (isPolicy(block.toString())) {
                    out.add(new Example(ROOT.relativize(readme).normalize() + ":" + start, block.toString()));
                }
            }
        }
        return out;
    }

    /** Read as nodes: SnakeYAML's YAML 1.1 loader would turn the key {@code on} into {@code true}. */
    static boolean isPolicy(String yaml) {
        Node doc = new Yaml().compose(new StringReader(yaml));
        return doc instanceof MappingNode m && !m.getValue().isEmpty() && m.getValue().stream()
                .allMatch(t -> t.getKeyNode() instanceof ScalarNode k && POLICY_KEYS.contains(k.getValue()));
    }

    static Stream<Example> examples() throws IOException {
        List<Example> all = new ArrayList<>(readmePolicies());
        for (Path f : policyFiles()) {
            all.add(new Example(ROOT.relativize(f).normalize().toString(), Files.readString(f)));
        }
        return all.stream();
    }

    @Test
    void theReadmesShowPolicies() throws IOException {
        List<Example> found = readmePolicies();
        assertTrue(found.size() >= 9, "expected the tag-planner and registry-pruner README policies, found " + found);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExamplePassesTheSchema(Example example) {
        Set<ValidationMessage> problems = SCHEMA.validate(example.yaml(), InputFormat.YAML);
        assertEquals(Set.of(), problems, example.where());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExamplePassesTheParser(Example example) {
        PolicyFile file = PolicyParser.parseFile(example.where(), example.yaml());
        assertTrue(file.release().isPresent() || file.prunes(), example.where() + " is used by no service");
    }

    /** {@code bad-policies.yml}: name -> a mistake, appended to a valid head. */
    static Stream<Arguments> badPolicies() throws IOException {
        String head = "repository: github.com/acme/shop\nimages: [registry.acme.dev/acme/shop]\n";
        try (InputStream in = ReadmeExamplesTest.class.getResourceAsStream("/bad-policies.yml")) {
            Map<String, String> mistakes = new Yaml().load(in);
            return mistakes.entrySet().stream().map(m -> Arguments.of(m.getKey(), head + m.getValue()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPolicies")
    void theSchemaAndTheParserRejectTheSameMistakes(String name, String yaml) {
        assertFalse(SCHEMA.validate(yaml, InputFormat.YAML).isEmpty(), "the schema accepts " + name);
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicyParser.parseFile("bad.yml", yaml));
        assertTrue(e.getMessage().matches("bad\\.yml:[1-9][0-9]*: .+"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tag-planner/README.md", "registry-pruner/README.md", "policy/README.md"})
    void theReadmesNameTheSchemaLine(String readme) throws IOException {
        assertTrue(Files.readString(ROOT.resolve(readme)).contains("# yaml-language-server: $schema="), readme);
    }
}
