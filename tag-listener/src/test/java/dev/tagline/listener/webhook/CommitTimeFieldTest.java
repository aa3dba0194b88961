package dev.tagline.listener.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.tagline.listener.webhook.Payloads.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rebased commit: authored {@value #AUTHORED}, committed {@value #COMMITTED}. Each provider's payload carries the
 * one date that provider writes in its commit {@code timestamp}; tagline dates the commit by its committer date, so a
 * payload time is taken only where the provider's field is the committer date, and is otherwise left for the shell to
 * read from Git (null here), as the poller reads it.
 */
class CommitTimeFieldTest {
    static final String AUTHORED = "2020-03-01T09:00:00+01:00";
    static final String COMMITTED = "2026-11-22T11:15:32+01:00";
    private static final String FIXTURE_TIME_GITHUB = "2026-11-22T11:15:32+01:00";
    private static final String FIXTURE_TIME_GITLAB = "2026-11-22T10:15:32+00:00";
    private static final String FIXTURE_TIME_GITEA = "2026-11-22T10:15:32Z";

    record Case(String name, WebhookProvider provider, Map<String, String> headers, String body, Instant expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        Instant committed = Instant.parse("2026-11-22T10:15:32Z");
        // GitHub documents "timestamp" only as "the commit's timestamp": shaped here with the author date, it must not be used
        String githubBranch = Payloads.text("github/push-branch.json").replace(FIXTURE_TIME_GITHUB, AUTHORED);
        String githubTag = Payloads.text("github/push-tag-annotated.json").replace(FIXTURE_TIME_GITHUB, AUTHORED);
        // Gitea: CommitToPushCommit sets Timestamp from commit.Author.When
        String giteaTag = Payloads.text("gitea/push-tag.json").replace(FIXTURE_TIME_GITEA, AUTHORED);
        // GitLab: Commit#hook_attrs writes committed_date, in push hooks and in a merge request's last_commit
        String gitlabPush = Payloads.text("gitlab/push-hook.json").replace(FIXTURE_TIME_GITLAB, COMMITTED);
        String gitlabMr = Payloads.text("gitlab/merge-request-update.json").replace(FIXTURE_TIME_GITLAB, COMMITTED);
        String generic = Payloads.text("generic/tag-created.json").replaceAll("\"commitTime\": *\"[^\"]*\"",
                "\"commitTime\": \"" + COMMITTED + "\"");
        return List.of(
                new Case("GitHub push of a branch", WebhookProvider.GITHUB, headers("X-GitHub-Event", "push"), githubBranch, null),
                new Case("GitHub push of an annotated tag", WebhookProvider.GITHUB, headers("X-GitHub-Event", "push"), githubTag, null),
                new Case("Gitea push of a tag", WebhookProvider.GITEA, headers("X-Gitea-Event", "push"), giteaTag, null),
                new Case("Forgejo push of a tag", WebhookProvider.GITEA, headers("X-Forgejo-Event", "push"), giteaTag, null),
                new Case("GitLab Push Hook", WebhookProvider.GITLAB, headers("X-Gitlab-Event", "Push Hook"), gitlabPush, committed),
                new Case("GitLab Merge Request Hook update", WebhookProvider.GITLAB, headers("X-Gitlab-Event", "Merge Request Hook"),
                        gitlabMr, committed),
                new Case("generic commitTime (the committer date by contract)", WebhookProvider.GENERIC, headers(), generic, committed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void thePayloadTimeIsUsedOnlyWhereItIsTheCommitterDate(Case c) {
        assertTrue(c.body().contains(c.expected() == null ? AUTHORED : COMMITTED), "the case's payload carries its date");
        Webhook w = WebhookParser.of(c.provider()).parse(c.headers(), c.body().getBytes(StandardCharsets.UTF_8));
        List<RefUpdate> updates = w.events().updates();
        assertEquals(1, updates.size(), c.name());
        assertEquals(c.expected(), updates.get(0).commitTime(), c.name());
    }
}
