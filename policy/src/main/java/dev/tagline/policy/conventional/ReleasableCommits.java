package dev.tagline.policy.conventional;

import dev.tagline.schema.event.GitCommit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The commits of a range that count for a release: parsed, without skipped ones, and without reverted-and-revert pairs. */
public final class ReleasableCommits {
    private ReleasableCommits() {
    }

    /** One commit and what its message says. */
    public record Entry(GitCommit commit, ConventionalCommit message) {
    }

    /**
     * @param commits    newest first
     * @param skipMarker a commit whose message holds it does not count
     * @return newest first: a revert of a commit in the same range cancels both (the feature never shipped)
     */
    public static List<Entry> of(List<GitCommit> commits, String skipMarker) {
        List<Entry> parsed = new ArrayList<>();
        for (GitCommit c : commits) {
            if (skipMarker != null && c.message().contains(skipMarker)) {
                continue;
            }
            parsed.add(new Entry(c, ConventionalCommit.parse(c.subject(), c.body())));
        }
        Set<String> cancelled = new HashSet<>();
        // newest first: a revert is seen before what it reverts; a revert of a revert cancels the first revert
        for (Entry e : parsed) {
            if (cancelled.contains(e.commit().sha().value()) || e.message().reverts() == null) {
                continue;
            }
            for (Entry target : parsed) {
                if (target.commit().sha().value().startsWith(e.message().reverts()) && !cancelled.contains(target.commit().sha().value())) {
                    cancelled.add(target.commit().sha().value());
                    cancelled.add(e.commit().sha().value());
                    break;
                }
            }
        }
        return parsed.stream().filter(e -> !cancelled.contains(e.commit().sha().value())).toList();
    }
}
