package dev.tagline.listener.http;

import dev.tagline.listener.ListenerSettings;
import dev.tagline.listener.git.GitRemotes;
import dev.tagline.listener.webhook.Payloads;
import dev.tagline.listener.webhook.Signatures;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.KafkaTest;
import dev.tagline.testkit.TestFiles;
import dev.tagline.testkit.TestRepo;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook endpoints against the real broker and a real Git repository (for JGit look-ups). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookControllerIT implements KafkaTest {
    static final String SECRET = "gh-secret-value";
    static final String GITLAB_TOKEN = "gl-token-value";
    static final String GITEA_SECRET = "gitea-secret-value";
    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    static final RepositoryId GITHUB_REPO = RepositoryId.of("github.com/acme/shop");

    private static final Path DIR = TestFiles.tempDir("webhook-it");
    private static final TestRepo REPO = GitRepos.create(DIR.resolve("shop"));

    static {
        REPO.commit("first", Map.of("README.md", "hello"));
    }

    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;
    @Inject
    EmbeddedServer server;
    WebhookClient client;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(kafkaProperties());
        p.put("tagline.listener.cache-dir", DIR.resolve("cache").toString());
        p.put("tagline.listener.poller-enabled", "false");
        p.put("tagline.listener.schedules-enabled", "false");
        ListenerSettings.repository(p, "shop", GITHUB_REPO.value(), REPO.uri(), "provider", "github", "secret", SECRET);
        ListenerSettings.repository(p, "lab", "gitlab.example.com/acme/shop", REPO.uri(), "provider", "gitlab", "secret", GITLAB_TOKEN);
        ListenerSettings.repository(p, "tea", "gitea.example.com/acme/shop", REPO.uri(), "provider", "gitea", "secret", GITEA_SECRET);
        ListenerSettings.repository(p, "plain", "example.com/acme/plain", REPO.uri(), "branches", "main,release/*");
        return p;
    }

    @BeforeAll
    void client() {
        client = new WebhookClient(server.getURI());
    }

    private WebhookClient.Answer github(String event, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return client.post("github", JSON, bytes, "X-GitHub-Event", event, "X-GitHub-Delivery", "d-" + System.nanoTime(),
                "X-Hub-Signature-256", Signatures.githubSignature(SECRET, bytes));
    }

    private static List<RefEvent> eventsWithId(String id, int atLeast, Duration wait) {
        List<ConsumerRecord<byte[], byte[]>> records = KafkaProbe.poll(Topics.REF_EVENTS_NAME, null,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(id), atLeast, wait);
        return records.stream().map(r -> {
            assertEquals(Topics.REF_EVENTS.decode(r.value()).repository().value(), new String(r.key(), StandardCharsets.UTF_8),
                    "keyed by repository id");
            return Topics.REF_EVENTS.decode(r.value());
        }).toList();
    }

    /** Waits for the one event with this id, then checks no second copy shows up. */
    private static RefEvent exactlyOne(String id) {
        List<RefEvent> first = eventsWithId(id, 1, Duration.ofSeconds(30));
        assertEquals(1, first.size(), "event " + id + " is on the log");
        List<RefEvent> all = eventsWithId(id, 2, Duration.ofSeconds(2));
        assertEquals(1, all.size(), "event " + id + " is on the log exactly once");
        return all.get(0);
    }

    private static String unique(String payload, String tagName) {
        return payload.replace("v1.2.3", tagName);
    }

    /** A commit on {@link #REPO} and the provider's payload announcing {@code tag} on it. */
    private record TagPush(String commit, byte[] body) {
    }

    /** Commits to {@link #REPO}, tags the commit {@code tag}, and fills {@code payload} (a provider's tag event) with both. */
    private static TagPush tagPush(String provider, String payload, String tag) {
        String commit = REPO.commit(provider, Map.of(provider + ".txt", "x"));
        REPO.tag(tag);
        return new TagPush(commit, unique(Payloads.text(payload), tag).replace(Payloads.B, commit).getBytes(StandardCharsets.UTF_8));
    }

    private static String peel(String tagObject) {
        try (RevWalk walk = new RevWalk(REPO.git().getRepository())) {
            return walk.parseCommit(ObjectId.fromString(tagObject)).name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void githubBranchPushIsPublishedOnceKafkaAcknowledgedIt() {
        // a commit the remote has: GitHub's timestamp is not used, the commit time is read with JGit
        String commit = REPO.head();
        String body = Payloads.text("github/push-branch.json").replace(Payloads.B, commit);
        WebhookClient.Answer a = github("push", body);
        assertEquals(202, a.status(), a.result().reason());
        assertEquals(1, a.result().published().size());
        RefEvent e = exactlyOne(a.result().published().get(0));
        assertEquals(GITHUB_REPO, e.repository());
        assertEquals(REPO.uri(), e.cloneUrl());
        assertEquals(EventSource.GITHUB, e.source());
        assertEquals(RefChange.UPDATED, e.change());
        assertEquals(TestRepoTimes.commitTime(REPO, commit), e.commitTime());
        assertNotNull(e.deliveryId());
        assertEquals("main", e.defaultBranch());
    }

    private double duplicatesCounted() {
        return meters.find("tagline.listener.events").tag("outcome", "duplicate").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void duplicateDeliveryIsPublishedOnce() {
        REPO.branch("dup");
        String body = Payloads.text("github/push-branch.json").replace("refs/heads/main", "refs/heads/dup")
                .replace(Payloads.B, REPO.head());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String[] headers = {"X-GitHub-Event", "push", "X-GitHub-Delivery", "same-delivery",
                "X-Hub-Signature-256", Signatures.githubSignature(SECRET, bytes)};
        double duplicatesBefore = duplicatesCounted();
        WebhookClient.Answer first = client.post("github", JSON, bytes, headers);
        WebhookClient.Answer second = client.post("github", JSON, bytes, headers);
        assertEquals(202, first.status());
        assertEquals(202, second.status());
        assertEquals(List.of(), second.result().published());
        assertEquals(first.result().published(), second.result().duplicates());
        exactlyOne(first.result().published().get(0));
        assertEquals(duplicatesBefore + 1, duplicatesCounted(), "tagline_listener_events_total{outcome=\"duplicate\"}, as the planner counts them");
    }

    @Test
    void githubCreateThenPushOfAnAnnotatedTagIsOneEvent() {
        String tagObject = REPO.annotatedTag("v3.0.0", "release 3.0.0");
        String commit = peel(tagObject);
        WebhookClient.Answer create = github("create", unique(Payloads.text("github/create-tag.json"), "v3.0.0"));
        assertEquals(202, create.status(), create.result().reason());
        assertEquals(1, create.result().published().size());
        String push = unique(Payloads.text("github/push-tag-annotated.json"), "v3.0.0")
                .replace(Payloads.TAG_OBJECT, tagObject).replace(Payloads.B, commit);
        WebhookClient.Answer pushed = github("push", push);
        assertEquals(202, pushed.status(), pushed.result().reason());
        assertEquals(List.of(), pushed.result().published());
        assertEquals(create.result().published(), pushed.result().duplicates());
        RefEvent e = exactlyOne(create.result().published().get(0));
        assertEquals(CommitSha.parse(commit), e.newCommit(), "peeled to the commit");
        assertNotNull(e.commitTime(), "commit time read with JGit");
    }

    @Test
    void githubPushThenCreateOfATagIsOneEvent() {
        String commit = REPO.tag("v3.1.0");
        String push = unique(Payloads.text("github/push-tag-annotated.json"), "v3.1.0")
                .replace(Payloads.TAG_OBJECT, commit).replace(Payloads.B, commit);
        WebhookClient.Answer pushed = github("push", push);
        assertEquals(1, pushed.result().published().size(), pushed.result().reason());
        WebhookClient.Answer create = github("create", unique(Payloads.text("github/create-tag.json"), "v3.1.0"));
        assertEquals(202, create.status());
        assertEquals(pushed.result().published(), create.result().duplicates());
        exactlyOne(pushed.result().published().get(0));
    }

    @Test
    void githubDeleteAfterThePushDeletionIsNotPublishedAgain() {
        String commit = REPO.tag("v3.2.0");
        github("push", unique(Payloads.text("github/push-tag-annotated.json"), "v3.2.0")
                .replace(Payloads.TAG_OBJECT, commit).replace(Payloads.B, commit));
        WebhookClient.Answer deleted = github("push", unique(Payloads.text("github/push-tag-deleted.json"), "v3.2.0")
                .replace(Payloads.TAG_OBJECT, commit));
        assertEquals(1, deleted.result().published().size(), deleted.result().reason());
        WebhookClient.Answer delete = github("delete", unique(Payloads.text("github/delete-branch.json"), "v3.2.0")
                .replace("\"ref_type\": \"branch\"", "\"ref_type\": \"tag\"").replace("feature/cart", "v3.2.0"));
        assertEquals(202, delete.status());
        assertEquals(List.of(), delete.result().published(), delete.result().reason());
        RefEvent e = exactlyOne(deleted.result().published().get(0));
        assertEquals(RefChange.DELETED, e.change());
        assertEquals(CommitSha.parse(commit), e.oldCommit());
    }

    @Test
    void annotatedTagPushWithoutHeadCommitIsPeeledWithJGit() {
        String tagObject = REPO.annotatedTag("v3.3.0", "release 3.3.0");
        String body = "{\"ref\":\"refs/tags/v3.3.0\",\"before\":\"0000000000000000000000000000000000000000\",\"after\":\""
                + tagObject + "\",\"created\":true,\"deleted\":false,\"head_commit\":null,\"commits\":[],"
                + "\"repository\":{\"clone_url\":\"https://github.com/acme/shop.git\"}}";
        WebhookClient.Answer a = github("push", body);
        assertEquals(202, a.status(), a.result().reason());
        RefEvent e = exactlyOne(a.result().published().get(0));
        assertEquals(CommitSha.parse(peel(tagObject)), e.newCommit());
        assertEquals(TestRepoTimes.commitTime(REPO, peel(tagObject)), e.commitTime());
    }

    @Test
    void badSignatureIsUnauthorizedAndPublishesNothing() {
        byte[] body = Payloads.text("github/push-branch.json").replace("refs/heads/main", "refs/heads/forged")
                .getBytes(StandardCharsets.UTF_8);
        WebhookClient.Answer a = client.post("github", JSON, body, "X-GitHub-Event", "push",
                "X-Hub-Signature-256", Signatures.githubSignature("wrong", body));
        assertEquals(401, a.status());
        assertTrue(!a.result().reason().contains(SECRET));
        WebhookClient.Answer missing = client.post("github", JSON, body, "X-GitHub-Event", "push");
        assertEquals(401, missing.status());
        String id = RefEvent.idFor(GITHUB_REPO, GitRef.branch("forged"), RefChange.UPDATED,
                CommitSha.parse(Payloads.A), CommitSha.parse(Payloads.B), null, null);
        assertEquals(List.of(), eventsWithId(id, 1, Duration.ofSeconds(2)));
    }

    @Test
    void gitlabTagPushWithTokenIsPublishedAndAWrongTokenIsNot() {
        // a commit the remote has: its time is read with JGit (an unreadable commit is retried, never published undated)
        TagPush push = tagPush("gitlab", "gitlab/tag-push-hook.json", "v4.0.0");
        WebhookClient.Answer bad = client.post("gitlab", JSON, push.body(), "X-Gitlab-Event", "Tag Push Hook", "X-Gitlab-Token", "nope");
        assertEquals(401, bad.status());
        WebhookClient.Answer good = client.post("gitlab", JSON, push.body(), "X-Gitlab-Event", "Tag Push Hook",
                "X-Gitlab-Token", GITLAB_TOKEN, "X-Gitlab-Event-UUID", "gl-1");
        assertEquals(202, good.status(), good.result().reason());
        RefEvent e = exactlyOne(good.result().published().get(0));
        assertEquals(EventSource.GITLAB, e.source());
        assertEquals(CommitSha.parse(push.commit()), e.newCommit(), "checkout_sha, not the tag object");
        assertEquals("gl-1", e.deliveryId());
        assertTrue(e.commitTime() != null, "dated by the commit");
    }

    @Test
    void giteaCreateIsPublishedWithTheCommitTimeReadWithJGit() {
        TagPush push = tagPush("gitea", "gitea/create-tag.json", "v5.0.0");
        WebhookClient.Answer a = client.post("gitea", JSON, push.body(), "X-Gitea-Event", "create",
                "X-Gitea-Signature", HexFormat.of().formatHex(Signatures.hmacSha256(GITEA_SECRET, push.body())));
        assertEquals(202, a.status(), a.result().reason());
        RefEvent e = exactlyOne(a.result().published().get(0));
        assertEquals(EventSource.GITEA, e.source());
        assertEquals(TestRepoTimes.commitTime(REPO, push.commit()), e.commitTime());
    }

    @Test
    void genericFormatWithoutSecretIsAcceptedForAWatchedBranch() {
        String body = "{\"repository\":\"example.com/acme/plain\",\"ref\":\"refs/heads/release/1.x\",\"before\":\""
                + Payloads.A + "\",\"after\":\"" + Payloads.B + "\",\"commitTime\":\"2026-11-22T10:00:00Z\"}";
        WebhookClient.Answer a = client.post("generic", JSON, body.getBytes(StandardCharsets.UTF_8));
        assertEquals(202, a.status(), a.result().reason());
        RefEvent e = exactlyOne(a.result().published().get(0));
        assertEquals(EventSource.GENERIC, e.source());
    }

    private WebhookClient.Answer generic(String ref, String before, String after) {
        String body = "{\"repository\":\"example.com/acme/plain\",\"ref\":\"" + ref + "\",\"before\":"
                + (before == null ? "null" : "\"" + before + "\"") + ",\"after\":" + (after == null ? "null" : "\"" + after + "\"")
                + ",\"commitTime\":\"2026-11-22T10:00:00Z\"}";
        return client.post("generic", JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A rebased commit (authored 2020, committed later) pushed to three branches and reported by three providers, each
     * writing its own date in the commit's timestamp: every event carries the committer date, the one the poller reads,
     * so the planner plans (and the builder builds) the same image whichever event comes first (ReproducibilityTest).
     */
    @Test
    void aRebasedCommitIsDatedByItsCommitterDateWhicheverProviderReportsIt() throws Exception {
        Instant authored = Instant.parse("2020-03-01T08:00:00Z");
        Instant committed = Instant.parse("2026-11-22T10:15:32Z");
        String commit = REPO.git().commit().setMessage("rebased").setAllowEmpty(true).setSign(false)
                .setAuthor(new PersonIdent("Ada", "ada@example.com", authored, ZoneOffset.ofHours(1)))
                .setCommitter(new PersonIdent("Bob", "bob@example.com", committed, ZoneOffset.ofHours(1)))
                .call().getName();
        REPO.branch("rebased-github");
        REPO.branch("rebased-gitlab");
        REPO.tag("v7.0.0");
        String authorIso = "2020-03-01T09:00:00+01:00";

        String gh = Payloads.text("github/push-branch.json").replace("refs/heads/main", "refs/heads/rebased-github")
                .replace(Payloads.B, commit).replace("2026-11-22T11:15:32+01:00", authorIso);
        WebhookClient.Answer fromGithub = github("push", gh);
        byte[] tea = unique(Payloads.text("gitea/push-tag.json"), "v7.0.0").replace(Payloads.B, commit)
                .replace("2026-11-22T10:15:32Z", authorIso).getBytes(StandardCharsets.UTF_8);
        WebhookClient.Answer fromGitea = client.post("gitea", JSON, tea, "X-Gitea-Event", "push",
                "X-Gitea-Signature", HexFormat.of().formatHex(Signatures.hmacSha256(GITEA_SECRET, tea)));
        byte[] lab = Payloads.text("gitlab/push-hook.json").replace("refs/heads/main", "refs/heads/rebased-gitlab")
                .replace(Payloads.B, commit).replace("2026-11-22T10:15:32+00:00", "2026-11-22T11:15:32+01:00")
                .getBytes(StandardCharsets.UTF_8);
        WebhookClient.Answer fromGitlab = client.post("gitlab", JSON, lab, "X-Gitlab-Event", "Push Hook",
                "X-Gitlab-Token", GITLAB_TOKEN);

        Map<GitRef, String> refs = Map.of(GitRef.branch("rebased-github"), commit, GitRef.tag("v7.0.0"), commit,
                GitRef.branch("rebased-gitlab"), commit);
        Map<GitRef, dev.tagline.listener.git.ResolvedCommit> polled =
                new GitRemotes(DIR.resolve("poller-cache"), 30).resolveAll(REPO.uri(), refs);
        for (WebhookClient.Answer a : List.of(fromGithub, fromGitea, fromGitlab)) {
            assertEquals(202, a.status(), a.result().reason());
            assertEquals(1, a.result().published().size(), a.result().reason());
            RefEvent e = exactlyOne(a.result().published().get(0));
            assertEquals(CommitSha.parse(commit), e.newCommit());
            assertEquals(committed, e.commitTime(), e.source() + ": the committer date, never the author date " + authored);
            assertEquals(polled.get(e.ref()).commitTime(), e.commitTime(), e.source() + ": what the poller reads for " + e.ref());
        }
    }

    @Test
    void tagDeletedAndPushedAgainAtTheSameCommitIsPublishedAgain() {
        WebhookClient.Answer created = generic("refs/tags/v9.0.0", null, Payloads.B);
        WebhookClient.Answer deleted = generic("refs/tags/v9.0.0", Payloads.B, null);
        WebhookClient.Answer again = generic("refs/tags/v9.0.0", null, Payloads.B);
        assertEquals(1, created.result().published().size());
        assertEquals(1, deleted.result().published().size());
        assertEquals(created.result().published(), again.result().published(), "the same change again: published again");
        assertEquals(2, eventsWithId(created.result().published().get(0), 3, Duration.ofSeconds(10)).size());
    }

    @Test
    void theSameRefStateReportedAsAnotherTransitionIsADuplicate() {
        WebhookClient.Answer moved = generic("refs/heads/release/9", Payloads.A, Payloads.B);
        assertEquals(1, moved.result().published().size(), moved.result().reason());
        WebhookClient.Answer sameState = generic("refs/heads/release/9", null, Payloads.B);
        assertEquals(202, sameState.status());
        assertEquals(List.of(), sameState.result().published(), sameState.result().reason());
        assertEquals(1, sameState.result().duplicates().size());
    }

    @Test
    void unwatchedBranchIsIgnoredWithAReason() {
        String body = "{\"repository\":\"example.com/acme/plain\",\"ref\":\"refs/heads/feature/x\",\"after\":\"" + Payloads.B + "\"}";
        WebhookClient.Answer a = client.post("generic", JSON, body.getBytes(StandardCharsets.UTF_8));
        assertEquals(202, a.status());
        assertTrue(a.result().reason().contains("not a watched branch"), a.result().reason());
        assertEquals(List.of(), a.result().published());
    }

    @Test
    void ignoredEventKindsAreAcceptedWithAReason() {
        WebhookClient.Answer labeled = github("pull_request", Payloads.text("github/pull-request-labeled.json"));
        assertEquals(202, labeled.status());
        assertTrue(labeled.result().reason().startsWith("ignored:"), labeled.result().reason());
        WebhookClient.Answer ping = github("ping", Payloads.text("github/ping.json"));
        assertEquals(202, ping.status());
        assertTrue(ping.result().reason().contains("ping"));
    }

    @Test
    void bodyOverOneMebibyteIsTooLarge() {
        byte[] big = new byte[1024 * 1024 + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        WebhookClient.Answer a = client.post("github", JSON, big, "X-GitHub-Event", "push");
        assertEquals(413, a.status());
    }

    @Test
    void wrongContentTypeIsUnsupported() {
        byte[] body = Payloads.load("github/push-branch.json");
        assertEquals(415, client.post("github", "text/plain", body, "X-GitHub-Event", "push").status());
        assertEquals(415, client.post("github", null, body, "X-GitHub-Event", "push").status());
        WebhookClient.Answer gitlabForm = client.post("gitlab", FORM, form(body), "X-Gitlab-Event", "Push Hook",
                "X-Gitlab-Token", GITLAB_TOKEN);
        assertEquals(415, gitlabForm.status(), "GitLab sends JSON only");
        assertEquals("content type must be application/json, was application/x-www-form-urlencoded (set the webhook's content type to JSON)", gitlabForm.result().reason());
        WebhookClient.Answer notAForm = client.post("github", FORM, body, "X-GitHub-Event", "push",
                "X-Hub-Signature-256", Signatures.githubSignature(SECRET, body));
        assertEquals(400, notAForm.status(), notAForm.result().reason());
        assertTrue(notAForm.result().reason().contains("no payload field"), notAForm.result().reason());
    }

    /** GitHub's form delivery (its default content type): {@code payload=<the JSON>}, signed as sent. */
    @Test
    void aGithubFormEncodedDeliveryIsPublished() {
        REPO.branch("form");
        byte[] json = Payloads.text("github/push-branch.json").replace("refs/heads/main", "refs/heads/form")
                .replace(Payloads.B, REPO.head()).getBytes(StandardCharsets.UTF_8);
        byte[] body = form(json);
        WebhookClient.Answer a = client.post("github", FORM, body, "X-GitHub-Event", "push",
                "X-GitHub-Delivery", "form-" + System.nanoTime(), "X-Hub-Signature-256", Signatures.githubSignature(SECRET, body));
        assertEquals(202, a.status(), a.result().reason());
        RefEvent e = exactlyOne(a.result().published().get(0));
        assertEquals(GitRef.branch("form"), e.ref());
        assertEquals(CommitSha.parse(REPO.head()), e.newCommit());
        WebhookClient.Answer forged = client.post("github", FORM, body, "X-GitHub-Event", "push",
                "X-Hub-Signature-256", Signatures.githubSignature("not-the-secret", body));
        assertEquals(401, forged.status(), forged.result().reason());
    }

    /** Gitea's and Forgejo's form delivery: {@code payload=<the JSON>}, signed over the JSON. */
    @Test
    void aGiteaFormEncodedDeliverySignedOverItsPayloadIsPublished() {
        TagPush push = tagPush("gitea-form", "gitea/push-tag.json", "v5.2.0");
        String hex = HexFormat.of().formatHex(Signatures.hmacSha256(GITEA_SECRET, push.body()));
        WebhookClient.Answer a = client.post("gitea", FORM, form(push.body()), "X-Gitea-Event", "push",
                "X-Gitea-Signature", hex, "X-Hub-Signature-256", "sha256=" + hex);
        assertEquals(202, a.status(), a.result().reason());
        RefEvent e = exactlyOne(a.result().published().get(0));
        assertEquals(GitRef.tag("v5.2.0"), e.ref());
    }

    private static byte[] form(byte[] json) {
        return ("payload=" + java.net.URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void malformedJsonIsABadRequestWithAOneLineReason() {
        WebhookClient.Answer a = client.post("github", JSON, "{\"ref\": ".getBytes(StandardCharsets.UTF_8), "X-GitHub-Event", "push");
        assertEquals(400, a.status());
        assertTrue(a.result().reason().startsWith("malformed JSON"), a.result().reason());
        assertTrue(!a.result().reason().contains("\n"));
    }

    @Test
    void missingFieldsAreABadRequest() {
        String body = Payloads.text("github/push-branch.json").replace("\"ref\": \"refs/heads/main\",", "");
        WebhookClient.Answer a = github("push", body);
        assertEquals(400, a.status());
        assertEquals("missing field ref", a.result().reason());
    }

    @Test
    void invalidRefNamesAreABadRequest() {
        for (String ref : List.of("refs/tags/../x", "refs/tags/a\\u0007b", "refs/tags/" + "x".repeat(250))) {
            String body = Payloads.text("github/push-branch.json").replace("refs/heads/main", ref);
            WebhookClient.Answer a = github("push", body);
            assertEquals(400, a.status(), ref);
            assertTrue(a.result().reason().startsWith("field ref: invalid git ref"), a.result().reason());
        }
    }

    @Test
    void unknownRepositoryIsNotFound() {
        String body = Payloads.text("github/push-branch.json").replace("acme/shop", "acme/unknown");
        WebhookClient.Answer a = github("push", body);
        assertEquals(404, a.status());
        assertTrue(a.result().reason().contains("github.com/acme/unknown"), a.result().reason());
        assertEquals(404, client.post("bitbucket", JSON, "{}".getBytes(StandardCharsets.UTF_8)).status());
    }

    /** An organization's (or app's) webhook and an instance's system hook report repositories tagline does not build. */
    @Test
    void anOwnerWideHookIgnoresRepositoriesItDoesNotBuild() {
        byte[] gh = Payloads.text("github/push-branch.json").replace("acme/shop", "acme/unknown").getBytes(StandardCharsets.UTF_8);
        WebhookClient.Answer org = client.post("github", JSON, gh, "X-GitHub-Event", "push",
                "X-GitHub-Hook-Installation-Target-Type", "organization", "X-Hub-Signature-256", Signatures.githubSignature(SECRET, gh));
        assertEquals(202, org.status(), org.result().reason());
        assertTrue(org.result().reason().startsWith("ignored: github.com/acme/unknown is not under tagline.repositories"),
                org.result().reason());
        byte[] lab = Payloads.text("gitlab/push-hook.json").replace("acme/shop", "acme/unknown").getBytes(StandardCharsets.UTF_8);
        WebhookClient.Answer system = client.post("gitlab", JSON, lab, "X-Gitlab-Event", "System Hook", "X-Gitlab-Token", GITLAB_TOKEN);
        assertEquals(202, system.status(), system.result().reason());
        assertEquals(List.of(), system.result().published());
        WebhookClient.Answer project = client.post("gitlab", JSON, lab, "X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", GITLAB_TOKEN);
        assertEquals(404, project.status(), "a project hook of an unknown project is a misconfiguration");
    }

    @Test
    void repositoryBoundToGithubRefusesOtherEndpoints() {
        String body = "{\"repository\":\"github.com/acme/shop\",\"ref\":\"refs/heads/main\",\"after\":\"" + Payloads.B + "\"}";
        assertEquals(404, client.post("generic", JSON, body.getBytes(StandardCharsets.UTF_8)).status());
    }
}
