package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.Durations;
import dev.tagline.pruner.retention.RegistrySnapshot.Manifest;
import dev.tagline.schema.value.Digest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A tiny language for test snapshots: digests are named ("a" -> sha256 of "a"), times are "ago". */
final class Snap {
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

    private final List<RegistrySnapshot.Tag> tags = new ArrayList<>();
    private final List<Manifest> manifests = new ArrayList<>();
    private boolean tagDeletion;

    private static final java.util.Map<Digest, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    static Digest d(String name) {
        Digest digest = Digest.of(name);
        NAMES.put(digest, name);
        return digest;
    }

    static String name(Digest digest) {
        return NAMES.getOrDefault(digest, digest.value());
    }

    /** "sha-a=DELETED" / "@a=KEPT": every decision of a plan in a compact, sorted form. */
    static String outcomes(RetentionPlan plan) {
        return plan.decisions().stream()
                .map(x -> (x.isTag() ? x.tag().value() : "@" + name(x.digest())) + "=" + x.decision())
                .sorted().collect(java.util.stream.Collectors.joining(" "));
    }

    static String outcome(RetentionPlan plan, String tagOrAtDigest) {
        PruneDecision x = tagOrAtDigest.startsWith("@")
                ? plan.decisionFor(d(tagOrAtDigest.substring(1)))
                : plan.decisionFor(dev.tagline.schema.value.ImageTag.parse(tagOrAtDigest));
        return x.decision() + " " + x.rule();
    }

    static Instant ago(String duration) {
        return duration == null ? null : NOW.minus(Durations.parse("test", duration));
    }

    static Snap snap() {
        return new Snap();
    }

    /** An image manifest pushed by tagline {@code pushedAgo} ago (null: never seen by tagline). */
    Snap image(String name, String pushedAgo) {
        manifests.add(new Manifest(d(name), OCI_MANIFEST, List.of(), null, null, ago(pushedAgo)));
        return this;
    }

    Snap imageCreated(String name, String createdAgo) {
        manifests.add(new Manifest(d(name), OCI_MANIFEST, List.of(), null, ago(createdAgo), null));
        return this;
    }

    Snap index(String name, String pushedAgo, String... children) {
        manifests.add(new Manifest(d(name), OCI_INDEX, Arrays.stream(children).map(Snap::d).toList(), null, null, ago(pushedAgo)));
        return this;
    }

    Snap referrer(String name, String subject) {
        manifests.add(new Manifest(d(name), OCI_MANIFEST, List.of(), d(subject), null, null));
        return this;
    }

    /** A tag on a named digest, written by tagline {@code pushedAgo} ago (null: unknown). */
    Snap tag(String tag, String digestName, String pushedAgo) {
        tags.add(RegistrySnapshot.Tag.of(tag, d(digestName), ago(pushedAgo)));
        return this;
    }

    Snap tag(String tag, String digestName) {
        return tag(tag, digestName, null);
    }

    /** An image "name" pushed {@code ago} ago under these tags. */
    Snap pushed(String name, String pushedAgo, String... tagNames) {
        image(name, pushedAgo);
        for (String t : tagNames) {
            tag(t, name, pushedAgo);
        }
        return this;
    }

    Snap tagDeletion(boolean supported) {
        tagDeletion = supported;
        return this;
    }

    RegistrySnapshot build() {
        return new RegistrySnapshot("127.0.0.1:5000/acme/shop", tags, manifests, tagDeletion);
    }

    static Duration dur(String s) {
        return Durations.parse("test", s);
    }
}
