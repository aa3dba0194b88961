package dev.tagline.listener.webhook;

import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static dev.tagline.listener.webhook.Payloads.A;
import static dev.tagline.listener.webhook.Payloads.B;
import static dev.tagline.listener.webhook.Payloads.headers;
import static dev.tagline.listener.webhook.Payloads.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OtherParsersTest {
    private static RefUpdate only(Webhook w) {
        assertEquals(1, w.events().updates().size());
        return w.events().updates().get(0);
    }

    @Test
    void gitlabPushHookIsABranchUpdateWithCommitTime() {
        Webhook w = WebhookParser.of(WebhookProvider.GITLAB).parse(
                headers("X-Gitlab-Event", "Push Hook", "X-Gitlab-Event-UUID", "u-1"), load("gitlab/push-hook.json"));
        assertEquals(RepositoryId.of("gitlab.example.com/acme/shop"), w.repository());
        assertEquals("u-1", w.deliveryId());
        RefUpdate u = only(w);
        assertEquals(RefChange.UPDATED, u.change());
        assertEquals(CommitSha.parse(B), u.newCommit());
        assertEquals(Instant.parse("2026-11-22T10:15:32Z"), u.commitTime());
    }

    @Test
    void gitlabTagPushIsPeeledThroughCheckoutSha() {
        RefUpdate u = only(WebhookParser.of(WebhookProvider.GITLAB).parse(
                headers("X-Gitlab-Event", "Tag Push Hook"), load("gitlab/tag-push-hook.json")));
        assertEquals(GitRef.tag("v1.2.3"), u.ref());
        assertEquals(RefChange.CREATED, u.change());
        assertEquals(CommitSha.parse(B), u.newCommit());
        assertTrue(u.newCommitIsPeeled());
    }

    @Test
    void gitlabMergeRequestUpdateWithNewCommitsMovesTheMergeRequestHead() {
        RefUpdate u = only(WebhookParser.of(WebhookProvider.GITLAB).parse(
                headers("X-Gitlab-Event", "Merge Request Hook"), load("gitlab/merge-request-update.json")));
        assertEquals(GitRef.parse("refs/merge-requests/7/head"), u.ref());
        assertEquals(RefChange.UPDATED, u.change());
        assertEquals(CommitSha.parse(A), u.oldCommit());
        assertEquals(CommitSha.parse(B), u.newCommit());
        assertEquals(GitRef.branch("main"), u.baseRef());
    }

    @Test
    void gitlabMergeRequestTitleEditIsIgnored() {
        String body = Payloads.text("gitlab/merge-request-update.json").replace("\"oldrev\": \"" + A + "\",", "");
        WebhookEvents e = WebhookParser.of(WebhookProvider.GITLAB).parse(headers("X-Gitlab-Event", "Merge Request Hook"),
                body.getBytes(StandardCharsets.UTF_8)).events();
        assertTrue(e.isIgnored());
    }

    @Test
    void gitlabPipelineHookIsIgnored() {
        WebhookEvents e = WebhookParser.of(WebhookProvider.GITLAB).parse(headers("X-Gitlab-Event", "Pipeline Hook"),
                load("gitlab/push-hook.json")).events();
        assertTrue(e.ignoredReason().contains("Pipeline Hook"));
    }

    @Test
    void giteaTagPushUsesTheHeadCommit() {
        Webhook w = WebhookParser.of(WebhookProvider.GITEA).parse(
                headers("X-Gitea-Event", "push", "X-Gitea-Delivery", "g-1"), load("gitea/push-tag.json"));
        assertEquals(RepositoryId.of("gitea.example.com/acme/shop"), w.repository());
        RefUpdate u = only(w);
        assertEquals(RefChange.CREATED, u.change());
        assertEquals(CommitSha.parse(B), u.newCommit());
        assertNull(u.commitTime(), "Gitea's timestamp is the author date: the shell reads the committer date from Git");
    }

    @Test
    void giteaCreateCarriesTheCommitSoItEqualsThePush() {
        RefUpdate create = only(WebhookParser.of(WebhookProvider.GITEA).parse(
                headers("X-Gitea-Event", "create"), load("gitea/create-tag.json")));
        RefUpdate push = only(WebhookParser.of(WebhookProvider.GITEA).parse(
                headers("X-Gitea-Event", "push"), load("gitea/push-tag.json")));
        assertEquals(push.ref(), create.ref());
        assertEquals(push.change(), create.change());
        assertEquals(push.newCommit(), create.newCommit());
        assertEquals(push.oldCommit(), create.oldCommit());
    }

    @Test
    void forgejoHeadersAreUnderstood() {
        Webhook w = WebhookParser.of(WebhookProvider.GITEA).parse(
                headers("X-Forgejo-Event", "push", "X-Forgejo-Delivery", "f-1"), load("gitea/push-tag.json"));
        assertEquals("f-1", w.deliveryId());
        assertEquals(1, w.events().updates().size());
    }

    @Test
    void giteaPullRequestSynchronizedMovesThePullHead() {
        RefUpdate u = only(WebhookParser.of(WebhookProvider.GITEA).parse(
                headers("X-Gitea-Event", "pull_request"), load("gitea/pull-request-synchronized.json")));
        assertEquals(GitRef.parse("refs/pull/3/head"), u.ref());
        assertEquals(RefChange.UPDATED, u.change());
        assertEquals(CommitSha.parse(B), u.newCommit());
    }

    @Test
    void genericCreatedTag() {
        Webhook w = WebhookParser.of(WebhookProvider.GENERIC).parse(headers(), load("generic/tag-created.json"));
        assertEquals(RepositoryId.of("github.com/acme/shop"), w.repository());
        assertEquals("ci-run-881", w.deliveryId());
        RefUpdate u = only(w);
        assertEquals(RefChange.CREATED, u.change());
        assertNull(u.oldCommit());
        assertEquals(Instant.parse("2026-11-22T10:15:32Z"), u.commitTime());
    }

    @Test
    void genericWithNeitherBeforeNorAfterIsABadRequest() {
        byte[] body = "{\"repository\":\"github.com/acme/shop\",\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        Webhook w = WebhookParser.of(WebhookProvider.GENERIC).parse(headers(), body);
        WebhookRejection r = assertThrows(WebhookRejection.class, w::events);
        assertEquals(400, r.status());
    }
}
