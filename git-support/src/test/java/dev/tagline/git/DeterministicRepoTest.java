package dev.tagline.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterministicRepoTest {
    private static final DeterministicRepo.Identity WHO = new DeterministicRepo.Identity("t", "t@tagline.dev",
            Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void initMakesMainAndTurnsSigningOff(@TempDir Path tmp) throws Exception {
        try (Git git = DeterministicRepo.init(tmp.resolve("a/b"))) {
            assertEquals("main", git.getRepository().getBranch());
            assertFalse(git.getRepository().getConfig().getBoolean("commit", "gpgsign", true));
            assertFalse(git.getRepository().getConfig().getBoolean("tag", "gpgsign", true));
        }
    }

    @Test
    void commitsAreAnHourApartAndAReopenedRepositoryGoesOnAlike(@TempDir Path tmp) throws Exception {
        Map<String, byte[]> files = Map.of("bin/run", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));
        String second;
        try (DeterministicRepo repo = DeterministicRepo.create(tmp.resolve("one"), WHO)) {
            RevCommit first = repo.commit("first", files, Set.of("bin/run"));
            assertEquals(Instant.parse("2026-01-01T00:00:00Z"), first.getCommitterIdent().getWhenAsInstant());
            assertTrue(Files.isExecutable(tmp.resolve("one/bin/run")));
            second = repo.commit("second", Map.of(), Set.of()).getName();
            repo.tag("v1", second);
            assertEquals(second, repo.resolve("refs/tags/v1"));
        }
        try (DeterministicRepo other = DeterministicRepo.create(tmp.resolve("two"), WHO)) {
            other.commit("first", files, Set.of("bin/run"));
        }
        try (DeterministicRepo reopened = DeterministicRepo.open(tmp.resolve("two"), WHO)) {
            assertEquals(second, reopened.commit("second", Map.of(), Set.of()).getName());
            assertEquals(second, reopened.resolve("HEAD"));
        }
    }
}
