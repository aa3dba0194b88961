package dev.tagline.listener.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagline.cli.CommandLines;
import dev.tagline.cli.ExitCode;
import dev.tagline.cli.JsonOutput;
import dev.tagline.cli.OutputOptions;
import dev.tagline.cli.ParentCommand;
import dev.tagline.cli.TaglineCommand;
import dev.tagline.cli.TaglineVersion;
import dev.tagline.cli.UsageError;
import dev.tagline.listener.http.ScheduleRun;
import dev.tagline.listener.webhook.Signatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tagline schedule run NAME [--at SLOT]}: fires a schedule through a running tag-listener's
 * {@code POST /schedules/{name}/run}, so the listener resolves the branch and publishes the event as
 * it does for its own timer. With {@code --at}, a missed slot runs for its own date (its tags are dated
 * by the slot). The body is signed when the repository has a secret ({@code --secret-env}).
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, versionProvider = TaglineVersion.class,
        description = "Fire a configured schedule (e.g. a missed nightly) through a running tag-listener.",
        subcommands = ScheduleCommand.Run.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:fired", "1:the listener refused or could not publish", "2:usage"})
public final class ScheduleCommand extends ParentCommand {

    @Command(name = "run",
            description = {"Fires schedule NAME now, or for the slot given with --at (a missed nightly runs for its own date).",
                    "Publishes one event to git.ref-events through the listener's POST /schedules/NAME/run."},
            exitCodeList = {"0:fired (the event ids are printed)", "1:the listener refused it (unknown schedule, bad signature, Kafka down) "
                    + "or could not be reached", "2:usage"})
    static final class Run extends TaglineCommand {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Parameters(index = "0", paramLabel = "NAME", description = "the schedule's name (tagline.schedules.NAME)")
        String name;

        @Option(names = "--at", paramLabel = "ISO-8601", description = "the slot to run, e.g. 2026-03-01T00:00:00Z (default: now)")
        String at;

        @Option(names = "--listener", paramLabel = "URL", description = "tag-listener's base URL (default: $TAGLINE_LISTENER_URL, "
                + "else http://127.0.0.1:8081)")
        String listener;

        @Option(names = "--secret-env", paramLabel = "VAR", description = "the environment variable holding the repository's webhook "
                + "secret, to sign the request (never echoed)")
        String secretEnv;

        @Option(names = "--secret-file", paramLabel = "PATH", description = "a file holding the repository's webhook secret (e.g. a "
                + "mounted Kubernetes secret), to sign the request")
        Path secretFile;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Map<String, String> env = System.getenv();
            if (at != null) {
                // the listener checks again; a typo is caught here with the flag's name
                try {
                    ScheduleRun.slot(null, at, Instant.now());
                } catch (IllegalArgumentException e) {
                    throw new UsageError("--at: " + e.getMessage());
                }
            }
            String secret = null;
            if (secretEnv != null && secretFile != null) {
                throw new UsageError("--secret-env and --secret-file exclude each other");
            }
            if (secretFile != null) {
                try {
                    secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new UsageError("--secret-file: cannot read " + secretFile + ": " + e.getClass().getSimpleName());
                }
                if (secret.isEmpty()) {
                    throw new UsageError("--secret-file: " + secretFile + " is empty");
                }
            }
            if (secretEnv != null) {
                secret = env.get(secretEnv);
                if (secret == null || secret.isEmpty()) {
                    throw new UsageError("--secret-env: " + secretEnv + " is not set");
                }
            }
            URI uri = target(listener != null ? listener : env.getOrDefault("TAGLINE_LISTENER_URL", "http://127.0.0.1:8081"), name);
            byte[] body = at == null ? new byte[0] : JSON.writeValueAsBytes(Map.of("at", at));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (secret != null) {
                request.header("X-Tagline-Signature-256", Signatures.githubSignature(secret, body)); // the same sha256=<hex> form
            }
            HttpResponse<String> response;
            try {
                response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                spec.commandLine().getErr().println("tagline schedule run: cannot reach tag-listener at " + uri + ": "
                        + CommandLines.reason(e));
                return ExitCode.FAILED;
            }
            return report(response.statusCode(), response.body());
        }

        private int report(int status, String body) throws IOException {
            JsonNode answer;
            try {
                answer = JSON.readTree(body);
            } catch (IOException e) {
                answer = null;
            }
            String reason = answer != null && answer.hasNonNull("reason") ? answer.get("reason").asText() : body;
            boolean fired = status == 202;
            PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("schedule", name);
                result.put("at", at);
                result.put("status", status);
                result.put("reason", reason);
                result.put("published", answer != null && answer.has("published") ? JSON.convertValue(answer.get("published"), Object.class) : null);
                out.print(JsonOutput.pretty(result));
            } else if (fired) {
                answer.path("published").forEach(id -> out.println(id.asText()));
            }
            out.flush();
            if (!fired) {
                spec.commandLine().getErr().println("tagline schedule run: " + status + " " + reason);
                return ExitCode.FAILED;
            }
            return ExitCode.OK;
        }

        static URI target(String base, String name) {
            URI uri;
            try {
                uri = URI.create(base.endsWith("/") ? base : base + "/");
            } catch (IllegalArgumentException e) {
                throw new UsageError("--listener: not a URL: " + base);
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
                throw new UsageError("--listener: an http(s) URL is needed, e.g. http://127.0.0.1:8081");
            }
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new UsageError("NAME: letters, digits, '.', '_' and '-' only: " + name);
            }
            return uri.resolve("schedules/" + name + "/run");
        }
    }
}
