package dev.tagline.planner.planning;

import dev.tagline.policy.PolicyParser;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.PullRequestHead;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.json.EventCodec;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 19: pull requests are untrusted code, planned into the preview repositories; branches and tags are unchanged. */
class PullRequestTrustTest {
    private static final String POLICY = """
            repository: github.com/acme/shop
            images: [ghcr.io/acme/shop, registry.acme.dev/shop]
            tags: ["type=ref,event=pr", "type=ref,event=branch", "type=semver,pattern={{version}}"]
            on:
              pullRequests: true
              branches: [main]
              tags: ["v*"]
            """;
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final CommitSha SHA = CommitSha.parse("a".repeat(40));

    private static RefEvent event(String ref, PullRequestHead head) {
        return RefEvent.create(RepositoryId.of("github.com/acme/shop"), "https://github.com/acme/shop.git", GitRef.parse(ref),
                RefChange.CREATED, null, SHA, T, EventSource.GITHUB, "d-1", T, "main", "refs/heads/main", null, head);
    }

    private static TagPlan plan(String policyYaml, RefEvent event) {
        ReleasePolicy policy = PolicyParser.parse("p.yml", policyYaml);
        return TagPlanner.plan(event, policy, ReleaseHistory.empty()).plan();
    }

    private static List<String> images(TagPlan plan) {
        return plan.variants().get(0).images().stream().map(ImageRepository::value).toList();
    }

    @Test
    void aForksPullRequestGoesToThePreviewRepositoriesUntrusted() {
        TagPlan plan = plan(POLICY, event("refs/pull/42/head", new PullRequestHead("eve/shop", true)));
        assertFalse(plan.trusted());
        assertEquals("pull request 42 from fork eve/shop", plan.trust().reason());
        assertEquals(List.of("ghcr.io/acme/shop-pr", "registry.acme.dev/shop-pr"), images(plan));
        assertEquals(List.of("pr-42"), plan.variants().get(0).tags().stream().map(Object::toString).toList());
    }

    @Test
    void aForkIsNeverTrustedEvenWhenSameRepositoryPullRequestsAre() {
        String trusting = POLICY + "previews: {trustSameRepository: true, repositorySuffix: /preview}\n";
        TagPlan fork = plan(trusting, event("refs/pull/42/head", new PullRequestHead("eve/shop", true)));
        assertFalse(fork.trusted());
        assertEquals(List.of("ghcr.io/acme/shop/preview", "registry.acme.dev/shop/preview"), images(fork));
        TagPlan unknown = plan(trusting, event("refs/pull/43/head", null));
        assertFalse(unknown.trusted(), "a head the webhook did not name counts as a fork");
        TagPlan same = plan(trusting, event("refs/pull/44/head", new PullRequestHead("acme/shop", false)));
        assertTrue(same.trusted());
        assertEquals(List.of("ghcr.io/acme/shop", "registry.acme.dev/shop"), images(same));
    }

    @Test
    void aSameRepositoryPullRequestIsUntrustedByDefault() {
        TagPlan plan = plan(POLICY, event("refs/pull/7/head", new PullRequestHead("acme/shop", false)));
        assertFalse(plan.trusted());
        assertEquals(List.of("ghcr.io/acme/shop-pr", "registry.acme.dev/shop-pr"), images(plan));
    }

    @Test
    void branchesAndTagsAreTrustedAndTheirPlansAreUnchanged() {
        TagPlan branch = plan(POLICY, event("refs/heads/main", null));
        assertTrue(branch.trusted());
        assertNull(branch.trust());
        assertFalse(EventCodec.toJson(branch).contains("trust"));
        assertEquals(List.of("ghcr.io/acme/shop", "registry.acme.dev/shop"), images(branch));
        assertTrue(plan(POLICY, event("refs/tags/v1.2.3", null)).trusted());
    }
}
