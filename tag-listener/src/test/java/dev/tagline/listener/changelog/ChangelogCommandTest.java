package dev.tagline.listener.changelog;

import dev.tagline.testkit.CliRun;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.tagline.listener.cli.CliContractTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tagline changelog} over a real repository: from a clone (--git-dir) and from the listener's mirror cache (--clone-url). */
class ChangelogCommandTest {
    @TempDir
    Path tmp;

    @Test
    void printsTheGroupedMarkdownOfTheRange() {
        try (TestRepo repo = GitRepos.create(tmp.resolve("shop"))) {
            repo.commit("chore: init", Map.of("a", "1"));
            repo.tag("v1.2.3");
            String fix = repo.commit("fix(api): npe on empty body", Map.of("a", "2"));
            repo.commit("docs: readme", Map.of("a", "3"));
            String feat = repo.commit("feat: search\n\nBREAKING CHANGE: the old endpoint is gone", Map.of("a", "4"));
            String expected = """
                    ## v1.2.3...main

                    ### ⚠ BREAKING CHANGES

                    * the old endpoint is gone (%s)

                    ### Features

                    * search (%s)

                    ### Bug Fixes

                    * **api:** npe on empty body (%s)
                    """.formatted(feat.substring(0, 7), feat.substring(0, 7), fix.substring(0, 7));
            CliRun local = cli("changelog", "--repository", "github.com/acme/shop", "--from", "v1.2.3", "--to", "main", "--git-dir", repo.dir().toString());
            assertEquals(0, local.exit(), local.err());
            assertEquals(expected, local.out());
            CliRun mirror = cli("changelog", "--repository", "github.com/acme/shop", "--from", "v1.2.3", "--to", "main",
                    "--clone-url", repo.uri(), "--cache-dir", tmp.resolve("cache").toString());
            assertEquals(0, mirror.exit(), mirror.err());
            assertEquals(expected, mirror.out());
        }
    }

    @Test
    void missingRequiredOptionsAreAUsageError() {
        CliRun run = cli("changelog");
        assertEquals(2, run.exit(), "changelog without --repository and --from is bad usage");
        assertTrue(run.err().contains("Missing required options"), run.err());
    }

    @Test
    void anUnknownRefIsAUsageError() {
        try (TestRepo repo = GitRepos.create(tmp.resolve("shop"))) {
            repo.commit("chore: init", Map.of("a", "1"));
            CliRun run = cli("changelog", "--repository", "github.com/acme/shop", "--from", "v9.9.9", "--git-dir", repo.dir().toString());
            assertEquals(2, run.exit());
            assertTrue(run.err().contains("unknown ref v9.9.9"), run.err());
        }
    }
}
