package dev.tagline.listener.webhook;

import dev.tagline.schema.event.PullRequestHead;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.tagline.listener.webhook.Payloads.A;
import static dev.tagline.listener.webhook.Payloads.B;
import static dev.tagline.listener.webhook.Payloads.TAG_OBJECT;
import static dev.tagline.listener.webhook.Payloads.headers;
import static dev.tagline.listener.webhook.Payloads.load;
import static dev.tagline.listener.webhook.WebhookProvider.GENERIC;
import static dev.tagline.listener.webhook.WebhookProvider.GITEA;
import static dev.tagline.listener.webhook.WebhookProvider.GITHUB;
import static dev.tagline.listener.webhook.WebhookProvider.GITLAB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Each forge's recorded payloads, read by its parser: the ref change, who sent it, what is ignored, what is a 400. */
class WebhookParsersTest {
    private static final Instant COMMIT_TIME = Instant.parse("2026-11-22T10:15:32Z");
    private static final GitRef TAG = GitRef.tag("v1.2.3");
    private static final GitRef MAIN = GitRef.branch("main");

    private static Webhook parse(WebhookProvider provider, Map<String, String> headers, byte[] body) {
        return WebhookParser.of(provider).parse(headers, body);
    }

    private static byte[] edited(String path, String regex, String replacement) {
        return Payloads.text(path).replaceFirst(regex, replacement).getBytes(StandardCharsets.UTF_8);
    }

    /** A project hook's payload as an instance's system hook sends it: {@code event_name} push or tag_push, no object_kind. */
    private static byte[] systemHook(String path) {
        return Payloads.text(path).replaceFirst("\"object_kind\": \"[a-z_]+\",\\s*", "").getBytes(StandardCharsets.UTF_8);
    }

    private static RefUpdate update(GitRef ref, RefChange change, String oldCommit, String newCommit, boolean peeled,
                                    Instant time, GitRef base, PullRequestHead head) {
        return new RefUpdate(ref, change, oldCommit == null ? null : CommitSha.parse(oldCommit),
                newCommit == null ? null : CommitSha.parse(newCommit), peeled, time, base, head);
    }

    static Stream<Arguments> refChanges() {
        // GitHub does not say which date its "timestamp" is and Gitea fills it with the author date: both are left to the
        // shell, which reads the committer date from Git; GitLab's is the committer date, the generic format's by contract
        RefUpdate giteaTag = update(TAG, RefChange.CREATED, null, B, true, null, null, null);
        return Stream.of(
                arguments("GitHub branch push: an update whose commit time is read from Git", GITHUB,
                        headers("X-GitHub-Event", "push"), load("github/push-branch.json"),
                        update(MAIN, RefChange.UPDATED, A, B, true, null, null, null)),
                arguments("GitHub annotated tag push: peeled through head_commit, not the tag object", GITHUB,
                        headers("X-GitHub-Event", "push"), load("github/push-tag-annotated.json"),
                        update(TAG, RefChange.CREATED, null, B, true, null, null, null)),
                arguments("GitHub tag push without head_commit: the shell peels the tag object", GITHUB,
                        headers("X-GitHub-Event", "push"), edited("github/push-tag-annotated.json",
                                "\"head_commit\": \\{[^}]*\\{[^}]*}[^}]*\\{[^}]*}[^}]*}", "\"head_commit\": null"),
                        update(TAG, RefChange.CREATED, null, TAG_OBJECT, false, null, null, null)),
                arguments("GitHub deleted tag push: a deletion of the old object", GITHUB,
                        headers("X-GitHub-Event", "push"), load("github/push-tag-deleted.json"),
                        update(TAG, RefChange.DELETED, TAG_OBJECT, null, true, null, null, null)),
                arguments("GitHub create names the tag but not the commit", GITHUB,
                        headers("X-GitHub-Event", "create"), load("github/create-tag.json"),
                        update(TAG, RefChange.CREATED, null, null, false, null, null, null)),
                arguments("GitHub delete of a branch leaves the old commit to the shell", GITHUB,
                        headers("X-GitHub-Event", "delete"), load("github/delete-branch.json"),
                        update(GitRef.branch("feature/cart"), RefChange.DELETED, null, null, false, null, null, null)),
                arguments("GitHub pull_request synchronize moves the pull head", GITHUB,
                        headers("X-GitHub-Event", "pull_request"), load("github/pull-request-synchronize.json"),
                        update(GitRef.parse("refs/pull/42/head"), RefChange.UPDATED, A, B, true, null, MAIN, null)),
                arguments("GitLab Push Hook: a branch update with the commit's time", GITLAB,
                        headers("X-Gitlab-Event", "Push Hook"), load("gitlab/push-hook.json"),
                        update(MAIN, RefChange.UPDATED, A, B, true, COMMIT_TIME, null, null)),
                arguments("GitLab Tag Push Hook: peeled through checkout_sha", GITLAB,
                        headers("X-Gitlab-Event", "Tag Push Hook"), load("gitlab/tag-push-hook.json"),
                        update(TAG, RefChange.CREATED, null, B, true, null, null, null)),
                arguments("GitLab System Hook push: as the Push Hook", GITLAB,
                        headers("X-Gitlab-Event", "System Hook"), systemHook("gitlab/push-hook.json"),
                        update(MAIN, RefChange.UPDATED, A, B, true, COMMIT_TIME, null, null)),
                arguments("GitLab System Hook tag_push: as the Tag Push Hook", GITLAB,
                        headers("X-Gitlab-Event", "System Hook"), systemHook("gitlab/tag-push-hook.json"),
                        update(TAG, RefChange.CREATED, null, B, true, null, null, null)),
                arguments("GitLab System Hook merge_request: as the Merge Request Hook", GITLAB,
                        headers("X-Gitlab-Event", "System Hook"), load("gitlab/merge-request-update.json"),
                        update(GitRef.parse("refs/merge-requests/7/head"), RefChange.UPDATED, A, B, true, COMMIT_TIME, MAIN, null)),
                arguments("GitLab merge request update with new commits moves the merge request head", GITLAB,
                        headers("X-Gitlab-Event", "Merge Request Hook"), load("gitlab/merge-request-update.json"),
                        update(GitRef.parse("refs/merge-requests/7/head"), RefChange.UPDATED, A, B, true, COMMIT_TIME, MAIN, null)),
                arguments("Gitea tag push uses the head commit", GITEA,
                        headers("X-Gitea-Event", "push"), load("gitea/push-tag.json"), giteaTag),
                arguments("Forgejo's headers are understood", GITEA,
                        headers("X-Forgejo-Event", "push"), load("gitea/push-tag.json"), giteaTag),
                arguments("Gitea create carries the commit, so it equals the push", GITEA,
                        headers("X-Gitea-Event", "create"), load("gitea/create-tag.json"), giteaTag),
                arguments("Gitea pull_request synchronized moves the pull head", GITEA,
                        headers("X-Gitea-Event", "pull_request"), load("gitea/pull-request-synchronized.json"),
                        update(GitRef.parse("refs/pull/3/head"), RefChange.UPDATED, null, B, true, null, MAIN,
                                new PullRequestHead(null, false))),
                arguments("generic: a created tag", GENERIC, headers(), load("generic/tag-created.json"),
                        giteaTag.withCommitTime(COMMIT_TIME)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refChanges")
    void readsTheRefChange(String name, WebhookProvider provider, Map<String, String> headers, byte[] body, RefUpdate expected) {
        assertEquals(List.of(expected), parse(provider, headers, body).events().updates());
    }

    static Stream<Arguments> senders() {
        return Stream.of(
                arguments(GITHUB, headers("X-GitHub-Event", "push", "X-GitHub-Delivery", "d-1"), "github/push-branch.json",
                        "github.com/acme/shop", "d-1", "main"),
                arguments(GITLAB, headers("X-Gitlab-Event", "Push Hook", "X-Gitlab-Event-UUID", "u-1"), "gitlab/push-hook.json",
                        "gitlab.example.com/acme/shop", "u-1", "main"),
                arguments(GITEA, headers("X-Gitea-Event", "push", "X-Gitea-Delivery", "g-1"), "gitea/push-tag.json",
                        "gitea.example.com/acme/shop", "g-1", "main"),
                arguments(GITEA, headers("X-Forgejo-Event", "push", "X-Forgejo-Delivery", "f-1"), "gitea/push-tag.json",
                        "gitea.example.com/acme/shop", "f-1", "main"),
                arguments(GENERIC, headers(), "generic/tag-created.json", "github.com/acme/shop", "ci-run-881", null));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("senders")
    void namesTheRepositoryTheDeliveryAndTheDefaultBranch(WebhookProvider provider, Map<String, String> headers, String file,
                                                          String repository, String delivery, String defaultBranch) {
        Webhook w = parse(provider, headers, load(file));
        assertEquals(RepositoryId.of(repository), w.repository());
        assertEquals(delivery, w.deliveryId());
        assertEquals(defaultBranch, w.events().defaultBranch());
    }

    @ParameterizedTest(name = "{0} {1}: owner-wide {3}")
    @MethodSource("scopes")
    void tellsAnOwnerWideHookFromARepositorysOwn(WebhookProvider provider, Map<String, String> headers, String file, boolean wide) {
        assertEquals(wide, parse(provider, headers, load(file)).ownerWide());
    }

    static Stream<Arguments> scopes() {
        return Stream.of(
                arguments(GITHUB, headers("X-GitHub-Event", "push"), "github/push-branch.json", false),
                arguments(GITHUB, headers("X-GitHub-Event", "push", "X-GitHub-Hook-Installation-Target-Type", "repository"),
                        "github/push-branch.json", false),
                arguments(GITHUB, headers("X-GitHub-Event", "push", "X-GitHub-Hook-Installation-Target-Type", "organization"),
                        "github/push-branch.json", true),
                arguments(GITHUB, headers("X-GitHub-Event", "push", "X-GitHub-Hook-Installation-Target-Type", "integration"),
                        "github/push-branch.json", true),
                arguments(GITLAB, headers("X-Gitlab-Event", "Push Hook"), "gitlab/push-hook.json", false),
                arguments(GITLAB, headers("X-Gitlab-Event", "System Hook"), "gitlab/push-hook.json", true),
                arguments(GITEA, headers("X-Gitea-Event", "push"), "gitea/push-tag.json", false));
    }

    static Stream<Arguments> ignored() {
        return Stream.of(
                arguments(GITHUB, headers("X-GitHub-Event", "pull_request"), load("github/pull-request-labeled.json"), "labeled"),
                arguments(GITHUB, headers("X-GitHub-Event", "ping"), load("github/ping.json"), "^ping"),
                arguments(GITHUB, headers("X-GitHub-Event", "issues"), load("github/ping.json"), "'issues'"),
                arguments(GITLAB, headers("X-Gitlab-Event", "Merge Request Hook"), // a title edit: no new commits
                        edited("gitlab/merge-request-update.json", Pattern.quote("\"oldrev\": \"" + A + "\","), ""), ""),
                arguments(GITLAB, headers("X-Gitlab-Event", "Pipeline Hook"), load("gitlab/push-hook.json"), "Pipeline Hook"),
                arguments(GITLAB, headers("X-Gitlab-Event", "System Hook"), // no project in it
                        "{\"event_name\":\"user_create\",\"name\":\"Ada\",\"user_id\":41}".getBytes(StandardCharsets.UTF_8),
                        "system hook event 'user_create'"));
    }

    @ParameterizedTest(name = "{0} {1}: ignored, the reason matching {3}")
    @MethodSource("ignored")
    void ignoresWithAReason(WebhookProvider provider, Map<String, String> headers, byte[] body, String reason) {
        WebhookEvents e = parse(provider, headers, body).events();
        assertTrue(e.isIgnored());
        assertTrue(Pattern.compile(reason).matcher(e.ignoredReason()).find(), e.ignoredReason());
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                arguments("GitHub without its event header", GITHUB, headers(), load("github/ping.json"), true, "X-GitHub-Event"),
                arguments("GitHub push without after: not a deletion", GITHUB, headers("X-GitHub-Event", "push"),
                        edited("github/push-branch.json", Pattern.quote("\"after\": \"" + B + "\","), ""), false,
                        "^missing field after"),
                arguments("an invalid ref name, the field named", GITHUB, headers("X-GitHub-Event", "push"),
                        edited("github/push-branch.json", "refs/heads/main", "refs/tags/../x"), false, "^field ref:"),
                arguments("generic with neither before nor after", GENERIC, headers(),
                        "{\"repository\":\"github.com/acme/shop\",\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8),
                        false, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isABadRequest(String name, WebhookProvider provider, Map<String, String> headers, byte[] body, boolean whenParsed,
                       String reason) {
        Executable read = whenParsed ? () -> parse(provider, headers, body) : parse(provider, headers, body)::events;
        WebhookRejection r = assertThrows(WebhookRejection.class, read);
        assertEquals(400, r.status());
        assertTrue(Pattern.compile(reason).matcher(r.reason()).find(), r.reason());
    }
}
