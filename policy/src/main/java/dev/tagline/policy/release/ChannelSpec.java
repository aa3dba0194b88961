package dev.tagline.policy.release;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A release channel and its moving tags. Exactly one of the selectors is set:
 *
 * @param name       the channel name, written into the plan ({@code stable}, {@code beta}, {@code nightly})
 * @param branches   globs of branch names whose pushes belong to this channel ({@code main}, {@code release/*})
 * @param schedules  schedule names whose triggers belong to it ({@code nightly})
 * @param prerelease a regex matched against the prerelease part of a version tag ({@code ^rc}); such
 *                   prereleases belong to it, and its tags move only forward among them
 * @param release    true for the channel of final releases (version tags without prerelease)
 * @param tags       the channel's moving tags, templates ({@code nightly}, {@code nightly-{{date 'YYYYMMDD'}}});
 *                   default: the channel name
 */
public record ChannelSpec(String name, List<String> branches, List<String> schedules, Pattern prerelease, boolean release,
                          List<Template> tags) {
    public ChannelSpec {
        branches = List.copyOf(branches);
        schedules = List.copyOf(schedules);
        tags = List.copyOf(tags);
    }
}
