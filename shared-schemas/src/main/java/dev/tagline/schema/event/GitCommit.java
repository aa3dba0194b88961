package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tagline.schema.value.CommitSha;

import java.util.List;

/**
 * One commit as a release decision reads it: its message (subject, and the body with its footers),
 * its author, and the tags that point at it.
 *
 * @param tags tag short names at this commit (annotated tags peeled), empty when none
 */
public record GitCommit(CommitSha sha, String author, String subject, String body,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tags) {
    public GitCommit {
        Require.present("GitCommit", "sha", sha);
        subject = subject == null ? "" : subject;
        body = body == null ? "" : body;
        author = author == null ? "" : author;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The whole message: subject, blank line, body. */
    public String message() {
        return body.isEmpty() ? subject : subject + "\n\n" + body;
    }
}
