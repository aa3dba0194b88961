package dev.tagline.builder.steps;

import dev.tagline.builder.push.PushLocks;
import dev.tagline.builder.push.ReferrerArtifact;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A release's notes on its image: the message of the plan's annotated git tag (tagline's own releases carry their
 * changelog there) attached to the tagged digest as a referrer ({@link ReferrerArtifact}, tag {@code sha256-<hex>.notes},
 * media type {@code text/markdown}). Not an annotation of the image itself: that would make a release's digest differ
 * from the {@code sha-*} build of the same commit (one digest per commit and variant). The artifact's manifest carries
 * the notes as the annotation {@value #NOTES} when they fit in {@value #MAX_ANNOTATION_BYTES} bytes, else a pointer
 * ({@value #NOTES_REF}: the repository and tag); the layer always holds them in full.
 */
public final class AttachReleaseNotesStep {
    public static final String TAG_SUFFIX = ".notes";
    public static final String MEDIA_TYPE = "text/markdown";
    public static final String NOTES = "dev.tagline.release.notes";
    public static final String NOTES_REF = "dev.tagline.release.notes.ref";
    public static final String TAG = "dev.tagline.release.tag";
    /** Registries cap a manifest's size (4 MiB on Distribution) and clients print annotations in tables: keep them short. */
    public static final int MAX_ANNOTATION_BYTES = 4096;

    private final RegistryClient client;
    private final TagMessages messages;
    private final PushLocks locks;

    /** Where a release tag's message comes from: the builder's git mirror ({@link FetchCommitStep#annotatedTagMessage}). */
    @FunctionalInterface
    interface TagMessages {
        Optional<String> annotatedTagMessage(RepositoryId repository, String cloneUrl, String tagName, CommitSha commit)
                throws BuildFailure;
    }

    public AttachReleaseNotesStep(RegistryClient client, FetchCommitStep fetch, PushLocks locks) {
        this(client, fetch::annotatedTagMessage, locks);
    }

    AttachReleaseNotesStep(RegistryClient client, TagMessages messages, PushLocks locks) {
        this.client = client;
        this.messages = messages;
        this.locks = locks;
    }

    /**
     * Attaches the notes of the plan's tag to the variant's digest in each of its repositories ({@code digests}: repository ->
     * the digest pushed there, in plan order); the tag's message is looked up once for them all. Empty when the plan's ref
     * has no notes.
     */
    public Optional<Digest> attach(TagPlan plan, Map<ImageRepository, Digest> digests) throws BuildFailure, InterruptedException {
        if (!plan.ref().isTag() || plan.commit() == null || digests.isEmpty()) {
            return Optional.empty();
        }
        String tagName = plan.ref().shortName();
        Optional<String> message = messages.annotatedTagMessage(plan.repository(), plan.cloneUrl(), tagName, plan.commit());
        if (message.isEmpty() || message.get().isBlank()) {
            return Optional.empty();
        }
        byte[] content = message.get().getBytes(StandardCharsets.UTF_8);
        Map<String, String> annotations = annotations(plan, tagName, message.get());
        Digest attached = null;
        for (Map.Entry<ImageRepository, Digest> target : digests.entrySet()) {
            ImageRepository repo = target.getKey();
            Digest digest = target.getValue();
            try {
                Descriptor subject = client.getManifest(repo, digest).descriptor();
                ReferrerArtifact notes = ReferrerArtifact.of(content, MEDIA_TYPE, subject, annotations);
                try (PushLocks.Permit permit = locks.blobs(repo, List.of(Digest.of(notes.config()), Digest.of(notes.content())))) {
                    notes.attach(client, repo, subject, ImageTag.parse(ReferrerArtifact.tag(digest, TAG_SUFFIX)));
                }
                attached = notes.manifestDigest();
            } catch (RegistryException e) {
                throw new BuildFailure(BuildFailure.Stage.PUSH, "attaching the release notes of " + tagName + " to " + repo + "@"
                        + digest.value() + " failed: " + e.getMessage(), e.transientFailure(), e);
            }
        }
        return Optional.ofNullable(attached);
    }

    /** The notes themselves when short, else where to read them; the tag either way. */
    static Map<String, String> annotations(TagPlan plan, String tagName, String message) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(TAG, tagName);
        if (message.getBytes(StandardCharsets.UTF_8).length <= MAX_ANNOTATION_BYTES) {
            out.put(NOTES, message);
        } else {
            out.put(NOTES_REF, plan.repository().value() + "@refs/tags/" + tagName);
        }
        return out;
    }
}
