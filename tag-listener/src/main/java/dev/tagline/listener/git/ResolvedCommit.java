package dev.tagline.listener.git;

import dev.tagline.schema.value.CommitSha;

import java.time.Instant;

/** An object peeled to its commit, with the commit's committer time. */
public record ResolvedCommit(CommitSha commit, Instant commitTime) {
}
