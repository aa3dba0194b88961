package dev.tagline.listener.replay;

import dev.tagline.cli.Output;
import dev.tagline.schema.value.IsoInstants;
import dev.tagline.schema.value.RepositoryId;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code tagline replay} was asked (see {@link ReplayOptions} for the flags). Without
 * {@code since} the whole log is replayed.
 *
 * @param since     replay events observed at or after this instant; null for the whole log
 * @param runId     the replay run's id (part of every replayed event id); null to make one up
 * @param bootstrap Kafka
 * @param output    text for people, json for scripts
 */
public record ReplayRequest(RepositoryId repository, Instant since, boolean rebuild, boolean dryRun, String runId,
                            String bootstrap, Output output) {

    /**
     * @param args the arguments after {@code replay}
     * @param env  for {@code KAFKA_BOOTSTRAP_SERVERS}
     * @throws UsageException for bad flags, with picocli's or our message
     */
    public static ReplayRequest parse(String[] args, Map<String, String> env) {
        return ReplayOptions.parse(args).toRequest(env);
    }

    /** {@code 2026-11-22T10:00:00Z}, {@code 2026-11-22T11:00:00+01:00} or a date {@code 2026-11-22} (UTC midnight). */
    static Instant instant(String s) {
        Optional<Instant> time = IsoInstants.parse(s);
        if (time.isPresent()) {
            return time.get();
        }
        try {
            return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException("--since '" + s + "' is not ISO-8601 (e.g. 2026-11-22T10:00:00Z or 2026-11-22)");
        }
    }
}
