package dev.tagline.builder.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.Manifest;
import dev.tagline.registry.MediaTypes;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.event.TagRemoval;
import dev.tagline.schema.json.Jackson;
import dev.tagline.schema.json.JsonText;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A retraction's tag removal ({@code VariantPlan.untag}): each tag that still points at an image of
 * the retracted commit (its {@code org.opencontainers.image.revision} label) is removed, the others
 * (moved since, or gone) are left alone. The image stays: only the tags go. A registry with OCI 1.1
 * tag deletion deletes the tags; Distribution 2.8 cannot (DELETE by digest removes every tag of the
 * digest, {@code sha-*} included), so the tags are first moved onto one throwaway manifest, which is
 * then deleted by digest (what registry-pruner's untag does). The variants of one plan untag one
 * repository one at a time (a plan's variants build in parallel), each with its own throwaway, so one
 * variant's delete never takes another's tags or finds its throwaway gone.
 */
public final class UntagStep {
    static final String REVISION = "org.opencontainers.image.revision";

    private static final java.util.concurrent.ConcurrentMap<ImageRepository, Object> LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private final RegistryClient client;

    public UntagStep(RegistryClient client) {
        this.client = client;
    }

    /** The tags removed from {@code repo}, in plan order; {@code owner} (plan and variant) marks the throwaway manifest. */
    public List<ImageTag> remove(ImageRepository repo, TagRemoval removal, String owner) throws BuildFailure {
        synchronized (LOCKS.computeIfAbsent(repo, r -> new Object())) {
            return removeLocked(repo, removal, owner);
        }
    }

    private List<ImageTag> removeLocked(ImageRepository repo, TagRemoval removal, String owner) throws BuildFailure {
        try {
            List<ImageTag> onRetracted = new ArrayList<>();
            for (ImageTag tag : removal.tags()) {
                Optional<Descriptor> now = client.resolve(repo, tag);
                if (now.isPresent() && removal.commit().value().equals(revisionOf(repo, now.get().digest()))) {
                    onRetracted.add(tag);
                }
            }
            if (onRetracted.isEmpty()) {
                return List.of();
            }
            if (client.supportsTagDeletion(repo)) {
                for (ImageTag tag : onRetracted) {
                    client.deleteTag(repo, tag);
                }
                return onRetracted;
            }
            Digest config = client.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8));
            byte[] throwaway = throwawayManifest(config, owner);
            Digest digest = null;
            for (ImageTag tag : onRetracted) {
                digest = client.putManifest(repo, tag, throwaway, MediaTypes.OCI_MANIFEST);
            }
            try {
                client.deleteManifest(repo, digest);
            } catch (RegistryException e) {
                if (e.code() != dev.tagline.registry.ErrorCode.MANIFEST_UNKNOWN) {
                    throw e;
                }
                // already deleted (a retried attempt): its tags are gone with it
            }
            return onRetracted;
        } catch (RegistryException e) {
            throw new BuildFailure(BuildFailure.Stage.PUSH, "removing retracted tags from " + repo + ": " + e.getMessage(),
                    e.transientFailure(), e);
        }
    }

    /** The commit an image was built from, or null when it says none (not tagline's, or unreadable). */
    private String revisionOf(ImageRepository repo, Digest digest) throws RegistryException {
        try {
            JsonNode revision = ImageLabels.read(client, repo, digest).get(REVISION);
            return revision == null ? null : revision.asText();
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] throwawayManifest(Digest config, String owner) {
        ObjectNode m = Jackson.mapper().createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaTypes.OCI_MANIFEST);
        ObjectNode c = m.putObject("config");
        c.put("mediaType", MediaTypes.OCI_EMPTY);
        c.put("digest", config.value());
        c.put("size", 2);
        m.putArray("layers");
        m.putObject("annotations").put("dev.tagline.retraction", owner);
        return JsonText.write(m).getBytes(StandardCharsets.UTF_8);
    }
}
