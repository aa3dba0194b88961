package dev.tagline.policy;

import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one reload behaviour every service gets from {@link PolicyDirectory}. */
class PolicyDirectoryTest {
    private static final String SHOP = "repository: github.com/acme/shop\nimages: [registry.acme.dev/acme/shop]\ntags:\n  - type=sha\n"
            + "retention:\n  candidates: [sha-*]\n  keepLast: 10\n";
    private static final String ECR_ONLY = "{\"images\": [\"127.0.0.1:5000/acme/api\"], \"ecrLifecyclePolicy\": {\"rules\": [{\"rulePriority\": 1,"
            + " \"selection\": {\"tagStatus\": \"untagged\", \"countType\": \"sinceImagePushed\", \"countUnit\": \"days\", \"countNumber\": 1},"
            + " \"action\": {\"type\": \"expire\"}}]}}\n";
    private static final RepositoryId SHOP_ID = RepositoryId.of("github.com/acme/shop");

    @TempDir
    Path dir;

    final List<String> events = new ArrayList<>();

    PolicyDirectory directory(Path d) {
        return new PolicyDirectory(d, new PolicyDirectory.Listener() {
            @Override
            public void loaded(PolicySet set, boolean initial) {
                events.add((initial ? "loaded " : "reloaded ") + set.files().size());
            }

            @Override
            public void rejected(InvalidPolicyException problem) {
                events.add("rejected " + problem.getMessage());
            }

            @Override
            public void missing(Path d) {
                events.add("missing");
            }
        });
    }

    @Test
    void oneDirectoryServesThePlannerAndThePruner() throws Exception {
        Files.writeString(dir.resolve("shop.yml"), SHOP);
        Files.writeString(dir.resolve("api.json"), ECR_ONLY);
        Files.writeString(dir.resolve("notes.txt"), "not a policy");
        PolicySet set = directory(dir).start();
        assertEquals(List.of(SHOP_ID), List.copyOf(set.byRepository().keySet()), "the ECR-only file names no repository: not the planner's");
        assertEquals(3, set.byImage().size(), "api, shop and shop-pr (no on: section builds pull requests, into shop-pr)");
        assertTrue(set.byImage().get(ImageRepository.parse("127.0.0.1:5000/acme/api")).ecrLifecyclePolicy().isPresent());
        assertTrue(set.byImage().get(ImageRepository.parse("registry.acme.dev/acme/shop")).retention().isPresent());
    }

    @Test
    void aPolicyThatBuildsPullRequestsPrunesItsPreviewRepositoriesToo() throws Exception {
        Files.writeString(dir.resolve("shop.yml"), SHOP + "on:\n  pullRequests: true\npreviews:\n  repositorySuffix: -preview\n");
        Files.writeString(dir.resolve("api.yml"), "repository: github.com/acme/api\nimages: [registry.acme.dev/acme/api]\ntags:\n  - type=sha\n"
                + "on:\n  pullRequests: true\nretention:\n  candidates: [sha-*]\n  keepLast: 5\n");
        PolicySet set = directory(dir).start();
        assertEquals(List.of("registry.acme.dev/acme/api", "registry.acme.dev/acme/api-pr", "registry.acme.dev/acme/shop",
                "registry.acme.dev/acme/shop-preview"), set.byImage().keySet().stream().map(ImageRepository::value).toList(),
                "a closed pull request's pr-<n> tags are pruned where its preview went");
        assertEquals("shop.yml", set.byImage().get(ImageRepository.parse("registry.acme.dev/acme/shop-preview")).source());
        Files.writeString(dir.resolve("shop.yml"), SHOP + "on:\n  branches: [main]\n");
        Files.writeString(dir.resolve("api.yml"), "repository: github.com/acme/api\nimages: [registry.acme.dev/acme/api]\ntags:\n  - type=sha\n");
        assertEquals(List.of(ImageRepository.parse("registry.acme.dev/acme/shop")), List.copyOf(directory(dir).start().byImage().keySet()),
                "no pull request builds, no preview repository");
    }

    @Test
    void aBadRetentionSectionStopsEveryServiceNotOnlyThePruner() throws Exception {
        Files.writeString(dir.resolve("shop.yml"), SHOP.replace("keepLast: 10", "keepLast: many"));
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> directory(dir).start());
        assertEquals("shop.yml:7: retention.keepLast: must be a whole number, got many", e.getMessage());
    }

    @Test
    void aBadEditKeepsTheLastGoodSetAndIsReportedOnce() throws Exception {
        Files.writeString(dir.resolve("shop.yml"), SHOP);
        PolicyDirectory d = directory(dir);
        String before = d.start().byRepository().get(SHOP_ID).digest();
        Files.writeString(dir.resolve("shop.yml"), SHOP.replace("type=sha", "type=nope"));
        assertFalse(d.reloadIfChanged());
        assertFalse(d.reloadIfChanged(), "an unchanged bad file is not re-read");
        assertEquals(before, d.current().byRepository().get(SHOP_ID).digest());
        assertEquals(List.of("loaded 1", "rejected shop.yml:4: tag rule 'type=nope': unknown tag type 'nope'"), events.subList(0, 2).stream()
                .map(s -> s.replaceAll("(unknown tag type 'nope').*", "$1")).toList());
        assertEquals(2, events.size());
        Files.writeString(dir.resolve("shop.yml"), SHOP + "  keepWithin: 7d\n");
        assertTrue(d.reloadIfChanged());
        assertTrue(d.current().byImage().values().iterator().next().retention().orElseThrow().keepWithin().isPresent());
    }

    @Test
    void aMissingDirectoryMeansNoPoliciesUntilItAppears() throws Exception {
        Path missing = dir.resolve("policies");
        PolicyDirectory d = directory(missing);
        assertEquals(PolicySet.EMPTY, d.start());
        assertFalse(d.reloadIfChanged());
        Files.createDirectories(missing);
        Files.writeString(missing.resolve("shop.yml"), SHOP);
        assertTrue(d.reloadIfChanged());
        assertTrue(d.current().byRepository().containsKey(SHOP_ID));
        assertEquals(List.of("missing", "reloaded 1"), events);
    }

    @Test
    void twoPruningPoliciesForOneImageAreRejected() throws Exception {
        Files.writeString(dir.resolve("a.yml"), "images: [ghcr.io/acme/shop]\nretention:\n  candidates: [sha-*]\n");
        Files.writeString(dir.resolve("b.yml"), "images: [ghcr.io/acme/shop]\nretention:\n  candidates: [pr-*]\n");
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicyDirectory.read(dir));
        assertEquals("b.yml:1: images: image ghcr.io/acme/shop already has a policy in a.yml", e.getMessage());
        assertEquals(List.of(e.getMessage()), PolicyDirectory.check(dir).stream().map(Throwable::getMessage).toList());
    }
}
