package dev.tagline.listener.replay;

import dev.tagline.schema.value.InvalidValueException;
import dev.tagline.schema.value.RepositoryId;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * {@code replay --repository ID [--since ISO-8601 | --from-beginning] [--rebuild] [--dry-run]
 * [--run-id ID] [--bootstrap-servers HOST:PORT]}. Without {@code --since} the whole log is replayed.
 *
 * @param since     replay events observed at or after this instant; null for the whole log
 * @param runId     the replay run's id (part of every replayed event id); null to make one up
 * @param bootstrap Kafka; null for {@code KAFKA_BOOTSTRAP_SERVERS} or {@code 127.0.0.1:9092}
 */
public record ReplayRequest(RepositoryId repository, Instant since, boolean rebuild, boolean dryRun, String runId,
                            String bootstrap) {
    public static final String USAGE = "usage: replay --repository ID [--since ISO-8601 | --from-beginning] "
            + "[--rebuild] [--dry-run] [--run-id ID] [--bootstrap-servers HOST:PORT]";

    /** @param args the arguments after {@code replay} */
    public static ReplayRequest parse(String[] args, Map<String, String> env) {
        RepositoryId repository = null;
        Instant since = null;
        boolean fromBeginning = false;
        boolean rebuild = false;
        boolean dryRun = false;
        String runId = null;
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            String inline = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
            switch (name) {
                case "--repository" -> {
                    String v = inline != null ? inline : value(args, ++i, name);
                    try {
                        repository = RepositoryId.of(v);
                    } catch (InvalidValueException e) {
                        throw new UsageException("--repository: " + e.getMessage());
                    }
                }
                case "--since" -> since = instant(inline != null ? inline : value(args, ++i, name));
                case "--from-beginning" -> fromBeginning = true;
                case "--rebuild" -> rebuild = true;
                case "--dry-run" -> dryRun = true;
                case "--run-id" -> runId = inline != null ? inline : value(args, ++i, name);
                case "--bootstrap-servers" -> bootstrap = inline != null ? inline : value(args, ++i, name);
                default -> throw new UsageException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (repository == null) {
            throw new UsageException("--repository is required\n" + USAGE);
        }
        if (since != null && fromBeginning) {
            throw new UsageException("--since and --from-beginning exclude each other");
        }
        if (runId != null && runId.isBlank()) {
            throw new UsageException("--run-id must not be blank");
        }
        return new ReplayRequest(repository, since, rebuild, dryRun, runId,
                bootstrap == null || bootstrap.isBlank() ? "127.0.0.1:9092" : bootstrap);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    /** {@code 2026-11-22T10:00:00Z}, {@code 2026-11-22T11:00:00+01:00} or a date {@code 2026-11-22} (UTC midnight). */
    static Instant instant(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e3) {
                    throw new UsageException("--since '" + s + "' is not ISO-8601 (e.g. 2026-11-22T10:00:00Z or 2026-11-22)");
                }
            }
        }
    }
}
