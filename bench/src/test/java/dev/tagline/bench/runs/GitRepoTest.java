package dev.tagline.bench.runs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GitRepoTest {

    @Test
    void twoRunsMakeTheSameCommitsAnHourApart(@TempDir Path tmp) throws Exception {
        try (GitRepo repo = GitRepo.create(tmp.resolve("repo"))) {
            GitRepo.Commit first = repo.commit("first", GitRepo.appFiles("0.1.0"));
            assertEquals("a6a60716d5c445c46230049f4a3a5583e09696d3", first.sha(), "fixed files, identity and time");
            assertEquals(Instant.parse("2026-02-01T09:00:00Z"), first.time());
            GitRepo.Commit second = repo.commit("v0.2.0", GitRepo.appFiles("0.2.0"), Set.of("dist/amd64/hello"));
            assertEquals("9048c9767749c324fbd4f06cc84b1b14ee2cc77a", second.sha(), "the binary executable");
            assertEquals(Instant.parse("2026-02-01T10:00:00Z"), second.time());
            assertEquals(second.sha(), repo.head());
            repo.tag("v0.2.0", second.sha());
        }
    }
}
