package dev.tagline.builder.recipe;

import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.json.EventCodec;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;

import java.time.Instant;
import java.util.TreeMap;

/**
 * Everything the image's bytes depend on, hashed: commit, commit time, recipe, labels, annotations,
 * platforms (in order), the base image's digest and the pinned tool version. Stored as the label
 * {@value #LABEL}, it lets the builder recognise an image it already built (behind any planned tag)
 * without fetching or building anything: equal keys mean equal digests.
 */
public final class BuildKey {
    public static final String LABEL = "dev.tagline.build-key";
    /** Bump when the way images are assembled changes, so old keys no longer match. */
    static final int FORMAT = 1;

    private BuildKey() {
    }

    public static String of(CommitSha commit, Instant commitTime, VariantPlan variant, String baseDigestOrScratch, String toolVersion) {
        StringBuilder s = new StringBuilder();
        s.append("format=").append(FORMAT).append('\n');
        s.append("commit=").append(commit.value()).append('\n');
        s.append("commitTime=").append(commitTime).append('\n');
        s.append("base=").append(baseDigestOrScratch).append('\n');
        s.append("tool=").append(toolVersion).append('\n');
        s.append("platforms=").append(variant.platforms()).append('\n');
        s.append("labels=").append(new TreeMap<>(variant.labels())).append('\n');
        s.append("annotations=").append(new TreeMap<>(variant.annotations())).append('\n');
        s.append("recipe=").append(EventCodec.toJson(variant.recipe())).append('\n');
        return Digest.of(s.toString()).value();
    }
}
