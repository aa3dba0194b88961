package dev.tagline.schema.event;

/**
 * Where a pull (merge) request's head commit comes from, as its webhook said: the head repository's
 * name and whether it differs from the repository the request targets (a fork). Pull request code is
 * never trusted; a fork's, whatever a policy says, never is (see {@link CodeTrust}).
 *
 * @param repository the head repository ({@code eve/shop} on GitHub and Gitea, the source project's
 *                   path on GitLab), or null when the payload did not name it
 * @param fork       true when the head repository is not the base repository
 */
public record PullRequestHead(String repository, boolean fork) {
}
