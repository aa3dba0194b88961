package dev.tagline.schema.event;

import io.micronaut.core.annotation.Nullable;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The container configuration of a variant. Empty lists and nulls inherit from the base image.
 *
 * @param exposedPorts {@code 8080}, {@code 8080/tcp} or {@code 53/udp}
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContainerConfig(
        @Nullable List<String> entrypoint,
        @Nullable List<String> cmd,
        @Nullable Map<String, String> env,
        @Nullable String workingDir,
        @Nullable String user,
        @Nullable List<String> exposedPorts,
        @Nullable List<String> volumes) {

    public static final ContainerConfig EMPTY = new ContainerConfig(null, null, null, null, null, null, null);
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}(/(tcp|udp))?");

    public ContainerConfig {
        entrypoint = Require.list(entrypoint);
        cmd = Require.list(cmd);
        env = Require.map(env);
        exposedPorts = Require.list(exposedPorts);
        volumes = Require.list(volumes);
        for (String port : exposedPorts) {
            if (!PORT.matcher(port).matches() || Integer.parseInt(port.split("/")[0]) > 65535) {
                throw new InvalidEventException("ContainerConfig.exposedPorts entry '" + port + "' must be PORT or PORT/tcp|udp");
            }
        }
        if (workingDir != null && !workingDir.startsWith("/")) {
            throw new InvalidEventException("ContainerConfig.workingDir '" + workingDir + "' must be an absolute path");
        }
    }
}
