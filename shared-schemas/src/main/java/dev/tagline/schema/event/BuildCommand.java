package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * A command run in a clean checkout before the layers are collected (no shell: the first element is
 * the program). A non-zero exit or running past {@code timeoutSeconds} fails the variant.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildCommand(List<String> command, long timeoutSeconds, Map<String, String> env) {
    public static final long DEFAULT_TIMEOUT_SECONDS = 600;

    public BuildCommand {
        command = Require.nonEmptyList("BuildCommand", "command", command);
        if (timeoutSeconds <= 0) {
            timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        }
        env = Require.map(env);
    }
}
