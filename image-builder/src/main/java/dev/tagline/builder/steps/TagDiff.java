package dev.tagline.builder.steps;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For one image repository: which planned tags already point at the built digest (nothing to do)
 * and which must be written (absent, or pointing elsewhere: {@code moved}), in the plan's order.
 */
public record TagDiff(List<ImageTag> present, List<ImageTag> missing, List<ImageTag> moved) {

    /** @param current what each tag pointed at before the push (absent tags are not in the map) */
    public static TagDiff of(List<ImageTag> planned, Map<ImageTag, Digest> current, Digest target) {
        List<ImageTag> present = new ArrayList<>();
        List<ImageTag> missing = new ArrayList<>();
        List<ImageTag> moved = new ArrayList<>();
        for (ImageTag tag : planned) {
            Digest now = current.get(tag);
            if (target.equals(now)) {
                present.add(tag);
            } else {
                missing.add(tag);
                if (now != null) {
                    moved.add(tag);
                }
            }
        }
        return new TagDiff(List.copyOf(present), List.copyOf(missing), List.copyOf(moved));
    }
}
