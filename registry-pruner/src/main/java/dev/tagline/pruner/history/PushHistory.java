package dev.tagline.pruner.history;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PlatformImage;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When tagline pushed each digest and wrote each tag, derived only from {@code image.build-results}
 * (so replaying the topic rebuilds it exactly; recording the same result twice changes nothing).
 * A tag's time is the last {@code finishedAt} of a build that wrote it onto that digest
 * ({@code tagsWritten}); {@code tagsAlreadyPresent} only counts when nothing is known yet for that
 * tag and digest (first sighting), so re-running an old build never makes an old image young.
 */
public final class PushHistory implements PushTimes {
    private record TagKey(ImageRepository image, ImageTag tag, Digest digest) {
    }

    private record DigestKey(ImageRepository image, Digest digest) {
    }

    private final Map<TagKey, Instant> tags = new ConcurrentHashMap<>();
    private final Map<DigestKey, Instant> digests = new ConcurrentHashMap<>();
    private final Map<ImageRepository, String> sourceRepository = new ConcurrentHashMap<>();

    /** Records one build result; returns the image repositories it touched (for triggers). */
    public java.util.Set<ImageRepository> record(BuildResult r) {
        java.util.Set<ImageRepository> touched = new java.util.TreeSet<>();
        if (r.status() != BuildStatus.SUCCEEDED || r.digest() == null) {
            return touched;
        }
        Instant at = r.finishedAt();
        for (PushedTags written : r.tagsWritten()) {
            touched.add(written.image());
            for (ImageTag t : written.tags()) {
                tags.merge(new TagKey(written.image(), t, r.digest()), at, PushHistory::later);
            }
            markDigests(r, written.image(), at);
        }
        for (PushedTags present : r.tagsAlreadyPresent()) {
            touched.add(present.image());
            for (ImageTag t : present.tags()) {
                tags.putIfAbsent(new TagKey(present.image(), t, r.digest()), at);
            }
            markDigests(r, present.image(), at);
        }
        touched.forEach(i -> sourceRepository.put(i, r.repository().value()));
        return touched;
    }

    private void markDigests(BuildResult r, ImageRepository image, Instant at) {
        digests.merge(new DigestKey(image, r.digest()), at, PushHistory::later);
        for (PlatformImage p : r.platforms()) {
            digests.merge(new DigestKey(image, p.digest()), at, PushHistory::later);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public Instant tagPushedAt(ImageRepository image, ImageTag tag, Digest digest) {
        return tags.get(new TagKey(image, tag, digest));
    }

    @Override
    public Instant digestPushedAt(ImageRepository image, Digest digest) {
        return digests.get(new DigestKey(image, digest));
    }

    /** Tags tagline wrote into this image repository at or after {@code since} (by the builds' finishedAt). */
    public java.util.Set<ImageTag> tagsWrittenSince(ImageRepository image, Instant since) {
        java.util.Set<ImageTag> out = new java.util.HashSet<>();
        tags.forEach((k, at) -> {
            if (k.image().equals(image) && !at.isBefore(since)) {
                out.add(k.tag());
            }
        });
        return out;
    }

    /** The source repository id whose builds pushed to this image repository (the audit key), or null. */
    public String sourceRepositoryOf(ImageRepository image) {
        return sourceRepository.get(image);
    }

    public int size() {
        return tags.size();
    }
}
