package dev.tagline.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/compose/compose.yaml is a valid Compose file for the engines it targets, Docker Compose v2
 * (and podman compose): checked against the Compose Specification's JSON Schema, the schema Compose v2
 * validates with (src/test/resources/compose-spec), after the interpolation Compose does first
 * ({@code ${VAR:-default}} with its defaults) and with YAML anchors and merge keys resolved. No compose
 * engine runs here (no Docker), so this is the check; it runs offline, in the normal test run.
 */
class ComposeSpecTest {
    private static final Path COMPOSE = Path.of("compose/compose.yaml").toAbsolutePath();
    private static final Pattern DEFAULTED = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");
    private static final JsonSchema SCHEMA = schema();

    @Test
    void composeFileFollowsTheComposeSpecification() {
        Map<String, Object> compose = load(ServiceFacts.text(COMPOSE));

        Set<ValidationMessage> problems = SCHEMA.validate(json(compose));

        assertEquals(Set.of(), problems, "deploy/compose/compose.yaml");
    }

    @Test
    void composeFileNamesItsProjectWhichNeedsComposeV2() {
        // top-level `name:` is Compose v2 (docker compose 2.x): deploy/README.md says which versions the file targets
        assertEquals("tagline", load(ServiceFacts.text(COMPOSE)).get("name"));
        assertTrue(ServiceFacts.text(COMPOSE.getParent().getParent().resolve("README.md")).contains("Compose v2"),
                "deploy/README.md names the Compose versions the file targets");
    }

    @Test
    void theSchemaRejectsWhatComposeRejects() {
        Map<String, Object> compose = load(ServiceFacts.text(COMPOSE));
        @SuppressWarnings("unchecked")
        Map<String, Object> listener = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("tag-listener");
        listener.put("enviroment", Map.of("A", "b")); // a typo Compose answers "additional property not allowed"

        assertFalse(SCHEMA.validate(json(compose)).isEmpty(), "the schema must catch an unknown service key");
    }

    /** YAML as Compose reads it: anchors and merge keys resolved, ${VAR:-default} replaced by its default. */
    private static Map<String, Object> load(String text) {
        Matcher m = DEFAULTED.matcher(text);
        StringBuilder interpolated = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(interpolated, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        }
        m.appendTail(interpolated);
        Object document = new Yaml(new LoaderOptions()).load(interpolated.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new LinkedHashMap<>((Map<String, Object>) document);
        return map;
    }

    private static JsonNode json(Map<String, Object> compose) {
        return new ObjectMapper().valueToTree(compose);
    }

    private static JsonSchema schema() {
        // by location: the schema's relative $id ("compose_spec.json") resolves against it
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(SchemaLocation.of("classpath:compose-spec/compose-spec.json"));
    }
}
