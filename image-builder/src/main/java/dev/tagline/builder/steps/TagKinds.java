package dev.tagline.builder.steps;

import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.value.ImageTag;

import java.util.List;

/**
 * Splits a variant's planned tags into <b>immutable</b> ones, which name this build only and are written
 * as soon as the variant is pushed, and <b>floating</b> ones, which move from release to release and are
 * written only after every variant and platform of the plan succeeded, in plan order (pure).
 *
 * <p>Immutable: {@code sha-...}, and any tag holding the plan's exact version as a whole token
 * ({@code 1.2.3}, {@code v1.2.3}, {@code 1.2.3-full}). Everything else floats: {@code latest},
 * {@code latest-<variant>}, {@code 1}, {@code 1.2}, channel tags, branch names, raw tags. A plan does not
 * say which is which, so this is the builder's reading; when in doubt a tag floats (written later, never
 * earlier than it should).
 */
public final class TagKinds {
    private TagKinds() {
    }

    public static boolean immutable(TagPlan plan, ImageTag tag) {
        String t = tag.value();
        if (t.startsWith("sha-")) {
            return true;
        }
        String version = plan.version();
        if (version == null || version.isBlank()) {
            return false;
        }
        for (int at = t.indexOf(version); at >= 0; at = t.indexOf(version, at + 1)) {
            int end = at + version.length();
            boolean startsToken = at == 0 || !Character.isLetterOrDigit(t.charAt(at - 1)) || (at == 1 && t.charAt(0) == 'v');
            boolean endsToken = end == t.length() || (t.charAt(end) != '.' && !Character.isLetterOrDigit(t.charAt(end)));
            if (startsToken && endsToken) {
                return true;
            }
        }
        return false;
    }

    public static List<ImageTag> immutable(TagPlan plan, List<ImageTag> tags) {
        return tags.stream().filter(t -> immutable(plan, t)).toList();
    }

    public static List<ImageTag> floating(TagPlan plan, List<ImageTag> tags) {
        return tags.stream().filter(t -> !immutable(plan, t)).toList();
    }

    /** The tag to push a jib manifest list under (jib needs one): the first immutable tag, else the first tag. */
    public static ImageTag firstImmutable(TagPlan plan, List<ImageTag> tags) {
        return tags.stream().filter(t -> immutable(plan, t)).findFirst().orElse(tags.get(0));
    }
}
