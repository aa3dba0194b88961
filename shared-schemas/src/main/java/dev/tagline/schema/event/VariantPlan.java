package dev.tagline.schema.event;

import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * One variant of a plan ({@code base}, {@code full}, {@code slim}, ...): the images to push to, every
 * tag (in the planner's order), OCI labels (image config) and annotations (manifest), the platforms
 * of the image index, and the resolved recipe. {@code untag} (absent on the wire unless set) lists
 * tags a retraction takes off; a variant may then have no tag to push.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VariantPlan(
        String name,
        List<ImageRepository> images,
        List<ImageTag> tags,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<Platform> platforms,
        BuildRecipe recipe,
        @JsonInclude(JsonInclude.Include.NON_NULL) TagRemoval untag) {

    public VariantPlan {
        Require.text("VariantPlan", "name", name);
        if (!validName(name)) {
            throw new InvalidEventException("VariantPlan.name '" + name + "' must match [a-z0-9][a-z0-9_-]{0,62}");
        }
        images = Require.nonEmptyList("VariantPlan", "images", images);
        tags = untag == null ? Require.nonEmptyList("VariantPlan", "tags", tags) : Require.list(tags);
        if (new HashSet<>(tags).size() != tags.size()) {
            throw new InvalidEventException("VariantPlan.tags of variant '" + name + "' lists a tag twice");
        }
        boolean same = annotations == labels; // the planner shares one map when the policy gives no annotations of its own
        labels = Require.map(labels);
        annotations = same ? labels : Require.map(annotations);
        platforms = Require.nonEmptyList("VariantPlan", "platforms", platforms);
        if (new HashSet<>(platforms).size() != platforms.size()) {
            throw new InvalidEventException("VariantPlan.platforms of variant '" + name + "' lists a platform twice");
        }
        Require.present("VariantPlan", "recipe", recipe);
    }

    /** {@code [a-z0-9][a-z0-9_-]{0,62}}. */
    private static boolean validName(String name) {
        if (name.length() > 63) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    /** A variant that only pushes tags. */
    public VariantPlan(String name, List<ImageRepository> images, List<ImageTag> tags, Map<String, String> labels,
                       Map<String, String> annotations, List<Platform> platforms, BuildRecipe recipe) {
        this(name, images, tags, labels, annotations, platforms, recipe, null);
    }
}
