package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * A command run in a clean checkout before the layers are collected (no shell: the first element is
 * the program). A non-zero exit or running past {@code timeoutSeconds} fails the variant. It runs in
 * the builder's sandbox; {@code sandbox} lists what it may reach beyond its checkout.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildCommand(List<String> command, long timeoutSeconds, Map<String, String> env,
                           @JsonInclude(JsonInclude.Include.NON_NULL) SandboxGrants sandbox) {
    public static final long DEFAULT_TIMEOUT_SECONDS = 600;

    /** A command granted nothing beyond its checkout (no tool paths, no network). */
    public BuildCommand(List<String> command, long timeoutSeconds, Map<String, String> env) {
        this(command, timeoutSeconds, env, null);
    }

    /** What the command may reach beyond its checkout; never null. */
    public SandboxGrants grants() {
        return sandbox != null ? sandbox : new SandboxGrants(List.of(), false);
    }

    public BuildCommand {
        command = Require.nonEmptyList("BuildCommand", "command", command);
        if (timeoutSeconds <= 0) {
            timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        }
        env = Require.map(env);
    }
}
