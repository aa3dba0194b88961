package dev.tagline.listener.replay;

import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayRequestTest {
    @Test
    void everyOption() {
        ReplayRequest r = ReplayRequest.parse(new String[]{"--repository", "github.com/acme/shop", "--since",
                "2026-11-22T11:00:00+01:00", "--rebuild", "--dry-run", "--run-id", "r1", "--bootstrap-servers", "127.0.0.1:1"}, Map.of());
        assertEquals(RepositoryId.of("github.com/acme/shop"), r.repository());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), r.since());
        assertTrue(r.rebuild());
        assertTrue(r.dryRun());
        assertEquals("r1", r.runId());
        assertEquals("127.0.0.1:1", r.bootstrap());
    }

    @Test
    void fromBeginningIsTheDefaultAndKafkaComesFromTheEnvironment() {
        ReplayRequest r = ReplayRequest.parse(new String[]{"--repository=github.com/acme/shop", "--from-beginning"},
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9999"));
        assertNull(r.since());
        assertFalse(r.rebuild());
        assertEquals("127.0.0.1:9999", r.bootstrap());
        assertEquals("127.0.0.1:9092", ReplayRequest.parse(new String[]{"--repository", "github.com/acme/shop"}, Map.of()).bootstrap());
        assertEquals(dev.tagline.cli.Output.TEXT, r.output());
    }

    @Test
    void jsonOutputOnRequest() {
        assertEquals(dev.tagline.cli.Output.JSON,
                ReplayRequest.parse(new String[]{"--repository", "github.com/acme/shop", "--output", "json"}, Map.of()).output());
    }

    @Test
    void aDateMeansMidnightUtc() {
        assertEquals(Instant.parse("2026-11-22T00:00:00Z"),
                ReplayRequest.parse(new String[]{"--repository", "a.b/c", "--since", "2026-11-22"}, Map.of()).since());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--since 2026-11-22 |Missing required option: '--repository=ID'",
            "--repository |Missing required parameter for option '--repository' (ID)",
            "--repository github.com/a/b --since yesterday|is not ISO-8601",
            "--repository github.com/a/b --since 2026-11-22 --from-beginning|exclude each other",
            "--repository github.com/a/b --force|Unknown option: '--force'",
            "--repository github.com/a/b --output yaml|Invalid value for option '--output'",
            "--repository NOT_A_REPO|--repository: invalid repository id",
    })
    void badUsageSaysWhatIsWrong(String args, String message) {
        UsageException e = assertThrows(UsageException.class, () -> ReplayRequest.parse(args.trim().split(" +"), Map.of()));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
