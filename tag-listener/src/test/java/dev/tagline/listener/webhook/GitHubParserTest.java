package dev.tagline.listener.webhook;

import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.tagline.listener.webhook.Payloads.A;
import static dev.tagline.listener.webhook.Payloads.B;
import static dev.tagline.listener.webhook.Payloads.TAG_OBJECT;
import static dev.tagline.listener.webhook.Payloads.headers;
import static dev.tagline.listener.webhook.Payloads.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GitHubParserTest {
    private final WebhookParser parser = WebhookParser.of(WebhookProvider.GITHUB);

    private Webhook parse(String event, String file) {
        return parser.parse(headers("X-GitHub-Event", event, "X-GitHub-Delivery", "d-1"), load("github/" + file));
    }

    private RefUpdate only(Webhook w) {
        List<RefUpdate> updates = w.events().updates();
        assertEquals(1, updates.size());
        return updates.get(0);
    }

    @Test
    void branchPushIsAnUpdateWhoseCommitTimeIsReadFromGit() {
        Webhook w = parse("push", "push-branch.json");
        assertEquals(RepositoryId.of("github.com/acme/shop"), w.repository());
        assertEquals("d-1", w.deliveryId());
        RefUpdate u = only(w);
        assertEquals(GitRef.branch("main"), u.ref());
        assertEquals(RefChange.UPDATED, u.change());
        assertEquals(CommitSha.parse(A), u.oldCommit());
        assertEquals(CommitSha.parse(B), u.newCommit());
        assertNull(u.commitTime(), "GitHub's timestamp is not said to be the committer date: the shell reads it from Git");
        assertEquals("main", w.events().defaultBranch());
    }

    @Test
    void annotatedTagPushIsPeeledThroughHeadCommit() {
        RefUpdate u = only(parse("push", "push-tag-annotated.json"));
        assertEquals(GitRef.tag("v1.2.3"), u.ref());
        assertEquals(RefChange.CREATED, u.change());
        assertNull(u.oldCommit());
        assertEquals(CommitSha.parse(B), u.newCommit(), "the commit, not the tag object " + TAG_OBJECT);
        assertTrue(u.newCommitIsPeeled());
    }

    @Test
    void tagPushWithoutHeadCommitAsksTheShellToPeel() {
        String body = Payloads.text("github/push-tag-annotated.json").replaceFirst("\"head_commit\": \\{[^}]*\\{[^}]*}[^}]*\\{[^}]*}[^}]*}", "\"head_commit\": null");
        Webhook w = parser.parse(headers("X-GitHub-Event", "push"), body.getBytes(StandardCharsets.UTF_8));
        RefUpdate u = only(w);
        assertEquals(CommitSha.parse(TAG_OBJECT), u.newCommit());
        assertFalse(u.newCommitIsPeeled());
    }

    @Test
    void deletedTagPushIsADeletionOfTheOldObject() {
        RefUpdate u = only(parse("push", "push-tag-deleted.json"));
        assertEquals(RefChange.DELETED, u.change());
        assertEquals(CommitSha.parse(TAG_OBJECT), u.oldCommit());
        assertNull(u.newCommit());
    }

    @Test
    void createEventNamesTheTagButNotTheCommit() {
        RefUpdate u = only(parse("create", "create-tag.json"));
        assertEquals(GitRef.tag("v1.2.3"), u.ref());
        assertEquals(RefChange.CREATED, u.change());
        assertTrue(u.newCommitUnknown());
    }

    @Test
    void deleteEventOfABranchLeavesTheOldCommitToTheShell() {
        RefUpdate u = only(parse("delete", "delete-branch.json"));
        assertEquals(GitRef.branch("feature/cart"), u.ref());
        assertEquals(RefChange.DELETED, u.change());
        assertTrue(u.oldCommitUnknown());
    }

    @Test
    void pullRequestSynchronizeMovesThePullHead() {
        RefUpdate u = only(parse("pull_request", "pull-request-synchronize.json"));
        assertEquals(GitRef.parse("refs/pull/42/head"), u.ref());
        assertEquals(RefChange.UPDATED, u.change());
        assertEquals(CommitSha.parse(A), u.oldCommit());
        assertEquals(CommitSha.parse(B), u.newCommit());
        assertEquals(GitRef.branch("main"), u.baseRef());
    }

    @Test
    void pullRequestLabelIsIgnoredWithAReason() {
        WebhookEvents e = parse("pull_request", "pull-request-labeled.json").events();
        assertTrue(e.isIgnored());
        assertTrue(e.ignoredReason().contains("labeled"), e.ignoredReason());
    }

    @Test
    void pingIsIgnored() {
        WebhookEvents e = parse("ping", "ping.json").events();
        assertTrue(e.isIgnored());
        assertTrue(e.ignoredReason().startsWith("ping"));
    }

    @Test
    void issuesEventIsIgnoredWithItsName() {
        WebhookEvents e = parse("issues", "ping.json").events();
        assertTrue(e.ignoredReason().contains("'issues'"), e.ignoredReason());
    }

    @Test
    void missingEventHeaderIsABadRequest() {
        WebhookRejection r = assertThrows(WebhookRejection.class, () -> parser.parse(headers(), load("github/ping.json")));
        assertEquals(400, r.status());
        assertTrue(r.reason().contains("X-GitHub-Event"));
    }

    @Test
    void pushWithoutAfterIsABadRequestNotADeletion() {
        String body = Payloads.text("github/push-branch.json").replace("\"after\": \"" + B + "\",", "");
        Webhook w = parser.parse(headers("X-GitHub-Event", "push"), body.getBytes(StandardCharsets.UTF_8));
        WebhookRejection r = assertThrows(WebhookRejection.class, w::events);
        assertEquals(400, r.status());
        assertTrue(r.reason().startsWith("missing field after"), r.reason());
    }

    @Test
    void invalidRefNameIsABadRequestNamingTheField() {
        String body = Payloads.text("github/push-branch.json").replace("refs/heads/main", "refs/tags/../x");
        Webhook w = parser.parse(headers("X-GitHub-Event", "push"), body.getBytes(StandardCharsets.UTF_8));
        WebhookRejection r = assertThrows(WebhookRejection.class, w::events);
        assertEquals(400, r.status());
        assertTrue(r.reason().startsWith("field ref:"), r.reason());
    }
}
