package dev.tagline.schema.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.ReleaseDecision;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.example.ExampleEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The published JSON Schemas and the records agree, in both directions. */
class JsonSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<? extends TaglineEvent>> TYPES = Map.of(
            "ref-event", RefEvent.class, "tag-plan", TagPlan.class,
            "build-result", BuildResult.class, "prune-audit", PruneAudit.class, "release-decision", ReleaseDecision.class);

    static JsonSchema schema(String name) {
        try (InputStream in = JsonSchemaTest.class.getResourceAsStream("/schemas/" + name + ".schema.json")) {
            assertTrue(in != null, "schemas/" + name + ".schema.json is published in the jar");
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("ref-event", ExampleEvents.refEvent()),
                Arguments.of("ref-event", ExampleEvents.scheduledEvent()),
                Arguments.of("ref-event", ExampleEvents.refEvent().asReplay("replay-1", true, ExampleEvents.COMMIT_TIME)),
                Arguments.of("tag-plan", ExampleEvents.tagPlan()),
                Arguments.of("build-result", ExampleEvents.buildResult()),
                Arguments.of("tag-plan", ExampleEvents.retractionPlan()),
                Arguments.of("build-result", ExampleEvents.promotionAndRetractionResults().get(0)),
                Arguments.of("build-result", ExampleEvents.promotionAndRetractionResults().get(1)),
                Arguments.of("prune-audit", ExampleEvents.pruneAudit()),
                Arguments.of("prune-audit", ExampleEvents.pruneIntent()),
                Arguments.of("ref-event", ExampleEvents.branchPushWithCommits()),
                Arguments.of("release-decision", ExampleEvents.releaseDecision()),
                Arguments.of("ref-event", ExampleEvents.forkPullRequestEvent()),
                Arguments.of("tag-plan", ExampleEvents.previewPlan()));
    }

    static Stream<Path> samples() throws IOException {
        return Files.list(Path.of("src/test/resources/samples")).sorted();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void whatTheRecordsWriteValidatesAgainstTheirSchema(String schema, TaglineEvent event) throws IOException {
        JsonNode json = JSON.readTree(EventCodec.encode(event));
        Set<ValidationMessage> errors = schema(schema).validate(json);
        assertTrue(errors.isEmpty(), schema + ": " + errors);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everySampleValidatesAndDecodes(Path sample) throws IOException {
        String schema = sample.getFileName().toString().split("\\.")[0];
        byte[] bytes = Files.readAllBytes(sample);
        Set<ValidationMessage> errors = schema(schema).validate(JSON.readTree(bytes));
        assertTrue(errors.isEmpty(), sample + ": " + errors);
        TaglineEvent event = EventCodec.decode(bytes, TYPES.get(schema));
        assertEquals(event, EventCodec.decode(EventCodec.encode(event), TYPES.get(schema)), "round trip");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void unknownFieldsAreIgnoredForForwardCompatibility(String schema, TaglineEvent event) throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(event));
        json.put("addedInALaterVersion", "ignored");
        json.putObject("nestedAddition").put("x", 1);
        Object decoded = EventCodec.decode(JSON.writeValueAsBytes(json), TYPES.get(schema));
        assertEquals(event, decoded);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyRequiredFieldMissingGivesAnErrorNamingIt(String schema, TaglineEvent event) throws IOException {
        JsonNode required = JSON.readTree(getClass().getResourceAsStream("/schemas/" + schema + ".schema.json")).get("required");
        for (JsonNode field : required) {
            ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(event));
            json.remove(field.asText());
            assertTrue(!schema(schema).validate(json).isEmpty(), "the schema requires " + field);
            InvalidEventException e = assertThrows(InvalidEventException.class,
                    () -> EventCodec.decode(JSON.writeValueAsBytes(json), TYPES.get(schema)), "without " + field);
            assertTrue(e.getMessage().startsWith(TYPES.get(schema).getSimpleName() + ":"), e.getMessage());
            assertTrue(e.getMessage().contains(field.asText()), "the error names " + field + ": " + e.getMessage());
        }
    }

    @Test
    void aPruneIntentSaysSoAndAnOutcomeLeavesTheFieldOut() {
        assertTrue(new String(EventCodec.encode(ExampleEvents.pruneIntent()), java.nio.charset.StandardCharsets.UTF_8)
                .contains("\"intent\":true"));
        assertTrue(!new String(EventCodec.encode(ExampleEvents.pruneAudit()), java.nio.charset.StandardCharsets.UTF_8)
                .contains("intent"), "readers of the first version see the records they know");
    }

    @Test
    void aNewerSchemaVersionIsRejectedWithTheVersionsInTheMessage() throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(ExampleEvents.refEvent()));
        json.put("schemaVersion", 2);
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventCodec.decode(JSON.writeValueAsBytes(json), RefEvent.class));
        assertTrue(e.getMessage().contains("schemaVersion 2 is newer than this build reads (1)"), e.getMessage());
    }

    @Test
    void garbageGivesAClearErrorNotAStackOfSerdeInternals() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventCodec.decode(new byte[]{(byte) 0xff, 'x'}, TagPlan.class));
        assertTrue(e.getMessage().startsWith("TagPlan: "), e.getMessage());
        assertThrows(InvalidEventException.class, () -> EventCodec.decode(new byte[0], TagPlan.class));
        assertThrows(InvalidEventException.class, () -> EventCodec.decode("null", TagPlan.class));
    }

    @Test
    void anInvalidValueInsideAnEventNamesTheValue() throws IOException {
        ObjectNode json = (ObjectNode) JSON.readTree(EventCodec.encode(ExampleEvents.refEvent()));
        json.put("ref", "refs/tags/../x");
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventCodec.decode(JSON.writeValueAsBytes(json), RefEvent.class));
        assertTrue(e.getMessage().contains("invalid git ref \"refs/tags/../x\": contains '..'"), e.getMessage());
    }
}
