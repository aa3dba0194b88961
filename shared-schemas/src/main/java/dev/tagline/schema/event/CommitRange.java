package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The commits a branch push brought since the branch's last final release, carried on a
 * {@link RefEvent} for repositories that release from commits (tag-listener reads them from its Git
 * mirror). Newest first, as {@code git log} lists them: from the new head back to, and including, the
 * first commit carrying a tag that looks like a final version ({@code v1.2.3}), whose tags say which.
 *
 * @param commits   newest first; the last one may be the tagged base
 * @param truncated true when the walk stopped at its bound before reaching a tagged commit
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CommitRange(List<GitCommit> commits, boolean truncated) {
    public CommitRange {
        commits = commits == null ? List.of() : List.copyOf(commits);
    }
}
