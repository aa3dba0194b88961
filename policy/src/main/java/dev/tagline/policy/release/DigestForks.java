package dev.tagline.policy.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What in a release policy gives one commit more than one digest: anything written into the image
 * config (labels) or the manifest (annotations) that depends on which event planned the build
 * rather than on the commit. {@code policy check} prints these as warnings; they are allowed
 * (a policy may want metadata-action's labels), but promotion by retag then rebuilds.
 */
public final class DigestForks {
    /** Template names whose value depends on the event (ref, schedule slot), not on the commit. */
    static final Set<String> EVENT_NAMES = Set.of("tag", "branch", "base_ref", "is_default_branch", "date");

    private DigestForks() {
    }

    /** One warning per event-dependent setting, naming the section; empty when one commit gives one digest. */
    public static List<String> of(ReleasePolicy policy) {
        List<String> warnings = new ArrayList<>();
        if (policy.versionLabel() == ReleasePolicy.VersionLabel.EVENT) {
            warnings.add("versionLabel: event writes the plan's first tag into org.opencontainers.image.version, so a commit "
                    + "built by a push and again by a release tag gets two digests (promotion rebuilds); versionLabel: commit keeps one");
        }
        templates(policy.labels(), "labels", warnings);
        templates(policy.annotations(), "annotations", warnings);
        return warnings;
    }

    private static void templates(List<Template> templates, String section, List<String> warnings) {
        for (Template t : templates) {
            List<String> event = t.names().stream().filter(EVENT_NAMES::contains).distinct().toList();
            if (!event.isEmpty()) {
                warnings.add(section + " '" + t.source() + "': " + event.stream().map(n -> "{{" + n + "}}").toList()
                        + " depends on the event, not the commit, so one commit can get several digests"
                        + " (use {{sha}} or {{commit_date}})");
            }
        }
    }
}
