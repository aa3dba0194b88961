package dev.tagline.builder.signing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.schema.json.Jackson;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An in-toto Statement v1 with a SLSA Provenance v1 predicate (https://slsa.dev/spec/v1.0/provenance), as
 * records written by Jackson. What goes where is decided by {@link ProvenanceFactory}.
 */
public final class Provenance {
    public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
    public static final String PREDICATE_TYPE = "https://slsa.dev/provenance/v1";

    private Provenance() {
    }

    public record Statement(@JsonProperty("_type") String type, List<ResourceDescriptor> subject, String predicateType,
                            Predicate predicate) {
        public byte[] toBytes() {
            return SigningJson.write(this);
        }

        public static Statement parse(byte[] bytes) throws IOException {
            return SigningJson.read(bytes, Statement.class, s -> s.subject() != null && s.predicate() != null,
                    "not an in-toto statement with a predicate");
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResourceDescriptor(String name, String uri, Map<String, String> digest, Map<String, String> annotations) {
    }

    public record Predicate(BuildDefinition buildDefinition, RunDetails runDetails) {
    }

    public record BuildDefinition(String buildType, ExternalParameters externalParameters, InternalParameters internalParameters,
                                  List<ResourceDescriptor> resolvedDependencies) {
    }

    /** What the user controls: which repository, ref and commit, under which policy (its digest), for which variant. */
    public record ExternalParameters(String repository, String cloneUrl, String ref, String commit, String policyDigest,
                                     String variant) {
    }

    /** What tagline resolved: the recipe as planned (the event's JSON), the platforms, the base image pinned by digest. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InternalParameters(JsonNode recipe, List<String> platforms, String baseImage, String baseImageDigest,
                                     String buildKey, String planId, String eventId) {
    }

    public record RunDetails(Builder builder, Metadata metadata, List<ResourceDescriptor> byproducts) {
    }

    public record Builder(String id, Map<String, String> version) {
    }

    public record Metadata(String invocationId, Instant startedOn, Instant finishedOn) {
    }
}
