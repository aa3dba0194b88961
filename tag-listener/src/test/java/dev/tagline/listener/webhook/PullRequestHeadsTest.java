package dev.tagline.listener.webhook;

import dev.tagline.schema.event.PullRequestHead;
import dev.tagline.schema.value.GitRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tagline.listener.webhook.Payloads.headers;
import static dev.tagline.listener.webhook.Payloads.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Issue 19: each provider's pull request says whether its head repository is the base (payload shapes as the providers send them). */
class PullRequestHeadsTest {
    private static RefUpdate only(WebhookProvider provider, String header, String event, String file) {
        List<RefUpdate> updates = WebhookParser.of(provider).parse(headers(header, event), load(file)).events().updates();
        assertEquals(1, updates.size());
        return updates.get(0);
    }

    @Test
    void githubForkComparesHeadAndBaseRepositoryNames() {
        RefUpdate u = only(WebhookProvider.GITHUB, "X-GitHub-Event", "pull_request", "github/pull-request-opened-fork.json");
        assertEquals(GitRef.parse("refs/pull/43/head"), u.ref());
        assertEquals(new PullRequestHead("eve/shop", true), u.pullRequestHead());
    }

    @Test
    void githubSameRepositoryInAForkedRepositoryIsNotAFork() {
        // the repository itself is a fork of another (repo.fork true), but head and base are the same repository
        RefUpdate u = only(WebhookProvider.GITHUB, "X-GitHub-Event", "pull_request", "github/pull-request-opened-same-repo.json");
        assertEquals(new PullRequestHead("acme/shop", false), u.pullRequestHead());
    }

    @Test
    void githubDeletedForkIsAFork() {
        RefUpdate u = only(WebhookProvider.GITHUB, "X-GitHub-Event", "pull_request", "github/pull-request-closed-deleted-fork.json");
        assertEquals(new PullRequestHead(null, true), u.pullRequestHead());
    }

    @Test
    void githubPayloadWithoutHeadRepositoryIsUnknown() {
        RefUpdate u = only(WebhookProvider.GITHUB, "X-GitHub-Event", "pull_request", "github/pull-request-synchronize.json");
        assertNull(u.pullRequestHead(), "unknown: the planner treats it as a fork");
    }

    @Test
    void gitlabForkComparesSourceAndTargetProjectIds() {
        RefUpdate u = only(WebhookProvider.GITLAB, "X-Gitlab-Event", "Merge Request Hook", "gitlab/merge-request-open-fork.json");
        assertEquals(GitRef.parse("refs/merge-requests/8/head"), u.ref());
        assertEquals(new PullRequestHead("eve/shop", true), u.pullRequestHead());
        RefUpdate old = only(WebhookProvider.GITLAB, "X-Gitlab-Event", "Merge Request Hook", "gitlab/merge-request-update.json");
        assertNull(old.pullRequestHead());
    }

    @Test
    void giteaForkComparesRepositories() {
        RefUpdate u = only(WebhookProvider.GITEA, "X-Gitea-Event", "pull_request", "gitea/pull-request-opened-fork.json");
        assertEquals(new PullRequestHead("eve/shop", true), u.pullRequestHead());
        RefUpdate same = only(WebhookProvider.GITEA, "X-Gitea-Event", "pull_request", "gitea/pull-request-synchronized.json");
        assertEquals(new PullRequestHead(null, false), same.pullRequestHead(), "repo_id 1 on both sides");
    }
}
