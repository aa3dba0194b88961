package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The container configuration of a variant. Empty lists and nulls inherit from the base image.
 *
 * @param exposedPorts {@code 8080}, {@code 8080/tcp} or {@code 53/udp}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ContainerConfig(
        List<String> entrypoint,
        List<String> cmd,
        Map<String, String> env,
        String workingDir,
        String user,
        List<String> exposedPorts,
        List<String> volumes) {

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
