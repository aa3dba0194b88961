package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What a build command may reach beyond its checkout, as the recipe declares it (the policy's
 * {@code buildCommand.tools} and {@code buildCommand.network}). Absent on the wire when nothing is
 * granted.
 *
 * @param tools   absolute host paths mounted read-only at the same place ({@code /opt/jdk}); the builder
 *                refuses paths that hold its own secrets
 * @param network true: the command may use the network, for trusted code only (never for a pull request)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SandboxGrants(List<String> tools, boolean network) {
    public SandboxGrants {
        tools = Require.list(tools);
        for (String t : tools) {
            if (!validToolPath(t)) {
                throw new InvalidEventException("SandboxGrants.tools: '" + t
                        + "' must be an absolute, normalized path other than / (no '.', '..' or '//')");
            }
        }
    }

    private static boolean validToolPath(String path) {
        if (path == null || !path.startsWith("/") || path.length() < 2 || path.endsWith("/") || path.contains("//")) {
            return false;
        }
        for (String segment : path.substring(1).split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** Null when nothing is granted, so a recipe without grants keeps its JSON (and build key). */
    public static SandboxGrants of(List<String> tools, boolean network) {
        return (tools == null || tools.isEmpty()) && !network ? null : new SandboxGrants(tools, network);
    }
}
