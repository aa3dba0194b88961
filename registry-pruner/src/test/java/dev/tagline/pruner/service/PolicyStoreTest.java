package dev.tagline.pruner.service;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.schema.value.ImageRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyStoreTest {
    @TempDir
    Path dir;

    private PolicyStore store() {
        return new PolicyStore(new PrunerConfig(false, dir.toString(), Duration.ofSeconds(1), Duration.ZERO, List.of(), null, Duration.ofSeconds(1), "all", false));
    }

    @Test
    void releasePoliciesAndEcrPoliciesMapImagesToTheirRules() throws Exception {
        Files.writeString(dir.resolve("shop.yaml"), """
                images:
                  - name=ghcr.io/acme/shop,enable=true
                tags: [type=sha]
                retention:
                  candidates: [sha-*]
                  keepLast: 5
                """);
        Files.writeString(dir.resolve("api.json"), """
                {"images": ["127.0.0.1:5000/acme/api"], "ecrLifecyclePolicy": {"rules": [{"rulePriority": 1,
                 "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 1},
                 "action": {"type": "expire"}}]}}
                """);
        Files.writeString(dir.resolve("no-retention.yaml"), "images: [ghcr.io/acme/docs]\ntags: [type=sha]\n");
        PolicyStore store = store();
        assertEquals(2, store.images().size());
        assertNotNull(store.policyFor(ImageRepository.parse("ghcr.io/acme/shop")).orElseThrow().retention());
        assertNotNull(store.policyFor(ImageRepository.parse("127.0.0.1:5000/acme/api")).orElseThrow().ecr());
        assertTrue(store.policyFor(ImageRepository.parse("ghcr.io/acme/docs")).isEmpty());
    }

    @Test
    void aBadPolicyFileStopsTheStartNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "images: [ghcr.io/acme/shop]\nretention:\n  candidates: [sha-*]\n  keepLast: -1\n");
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, this::store);
        assertTrue(e.getMessage().contains("bad.yaml"), e.getMessage());
    }

    @Test
    void anImageWithTwoPoliciesIsAnError() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "images: [ghcr.io/acme/shop]\nretention:\n  candidates: [sha-*]\n");
        Files.writeString(dir.resolve("b.yaml"), "images: [ghcr.io/acme/shop]\nretention:\n  candidates: [pr-*]\n");
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, this::store);
        assertTrue(e.getMessage().contains("already has a policy"), e.getMessage());
    }

    @Test
    void theTagPlannersExamplePoliciesLoadAsTheyAre() throws Exception {
        Path examples = Path.of("src/test/resources/planner-examples"); // copies of tag-planner/examples/*.yml
        try (var files = Files.list(examples)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        PolicyStore store = store();
        assertEquals(List.of(ImageRepository.parse("registry.acme.dev/acme/web"), ImageRepository.parse("registry.acme.dev/acme/web-pr")),
                store.images(), "only ci-retention.yml has a retention section; it builds pull requests, so its previews (web-pr) too");
        var retention = store.policyFor(ImageRepository.parse("registry.acme.dev/acme/web")).orElseThrow().retention();
        assertEquals(20, retention.keepLastPerPattern().get(0).count());
        assertTrue(retention.keepPatternFor("main").isPresent() && retention.keepPatternFor("latest").isPresent());
    }

    @Test
    void aChangedPolicyIsTakenWithoutRestartAndABadEditKeepsTheLastGoodOne() throws Exception {
        Files.writeString(dir.resolve("shop.yaml"), "images: [ghcr.io/acme/shop]\nretention:\n  candidates: [sha-*]\n  keepLast: 5\n");
        PolicyStore store = store();
        ImageRepository shop = ImageRepository.parse("ghcr.io/acme/shop");
        Files.writeString(dir.resolve("shop.yaml"), "images: [ghcr.io/acme/shop]\nretention:\n  candidates: [sha-*]\n  keepLast: 7\n");
        store.reloadIfChanged();
        assertEquals(7, store.policyFor(shop).orElseThrow().retention().keepLast().orElseThrow());
        Files.writeString(dir.resolve("shop.yaml"), "images: [ghcr.io/acme/shop]\nretention:\n  candidates: [sha-*]\n  keepLast: -1\n");
        assertFalse(store.reload());
        assertEquals(7, store.policyFor(shop).orElseThrow().retention().keepLast().orElseThrow());
    }

    @Test
    void aMissingDirectoryMeansNoPoliciesUntilItAppears() throws Exception {
        Path missing = dir.resolve("policies");
        PolicyStore store = new PolicyStore(new PrunerConfig(false, missing.toString(), Duration.ofSeconds(1), Duration.ZERO, List.of(), null, Duration.ofSeconds(1), "all", false));
        assertTrue(store.images().isEmpty());
        Files.createDirectories(missing);
        Files.writeString(missing.resolve("shop.yaml"), "images: [ghcr.io/acme/shop]\nretention:\n  candidates: [sha-*]\n");
        store.reloadIfChanged();
        assertEquals(List.of(ImageRepository.parse("ghcr.io/acme/shop")), store.images());
    }
}
