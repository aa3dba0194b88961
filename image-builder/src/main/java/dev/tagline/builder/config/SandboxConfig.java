package dev.tagline.builder.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;
import java.util.List;

/**
 * The build command sandbox ({@code tagline.builder.sandbox.*}; see image-builder/README.md, "The build
 * command sandbox").
 *
 * @param bwrap                   the bubblewrap binary
 * @param allowUnsandboxedTrusted when no sandbox works here: run trusted code's build commands without one
 *                                (untrusted code is refused either way); false refuses every build command
 * @param uid                     when the builder runs as root: the user the command runs as (never root)
 * @param gid                     likewise, the group
 * @param maxProcesses            processes and threads the command may have at once (RLIMIT_NPROC)
 * @param maxMemoryMb             data memory per process, MiB (RLIMIT_DATA)
 * @param maxCpuSeconds           CPU time per process, seconds (RLIMIT_CPU)
 * @param maxFileSizeMb           largest file the command may write, MiB (RLIMIT_FSIZE)
 * @param maxOpenFiles            open files per process (RLIMIT_NOFILE)
 * @param maxLogMb                output kept in the build log, MiB; the rest is dropped (and counted)
 * @param protectedPaths          more host paths no recipe may mount as a tool (a signing key, a credentials
 *                                directory); the builder's HOME, cache dir and Docker config always are
 */
@ConfigurationProperties("tagline.builder.sandbox")
public record SandboxConfig(
        @Bindable(defaultValue = "/usr/bin/bwrap") Path bwrap,
        @Bindable(defaultValue = "false") boolean allowUnsandboxedTrusted,
        @Bindable(defaultValue = "65534") int uid,
        @Bindable(defaultValue = "65534") int gid,
        @Bindable(defaultValue = "512") int maxProcesses,
        @Bindable(defaultValue = "4096") long maxMemoryMb,
        @Bindable(defaultValue = "1800") long maxCpuSeconds,
        @Bindable(defaultValue = "4096") long maxFileSizeMb,
        @Bindable(defaultValue = "4096") int maxOpenFiles,
        @Bindable(defaultValue = "16") long maxLogMb,
        @Nullable List<Path> protectedPaths) {

    public SandboxConfig {
        bwrap = bwrap == null ? Path.of("/usr/bin/bwrap") : bwrap;
        uid = uid <= 0 ? 65534 : uid;
        gid = gid <= 0 ? 65534 : gid;
        maxProcesses = maxProcesses <= 0 ? 512 : maxProcesses;
        maxMemoryMb = maxMemoryMb <= 0 ? 4096 : maxMemoryMb;
        maxCpuSeconds = maxCpuSeconds <= 0 ? 1800 : maxCpuSeconds;
        maxFileSizeMb = maxFileSizeMb <= 0 ? 4096 : maxFileSizeMb;
        maxOpenFiles = maxOpenFiles <= 0 ? 4096 : maxOpenFiles;
        maxLogMb = maxLogMb <= 0 ? 16 : maxLogMb;
        protectedPaths = protectedPaths == null ? List.of() : List.copyOf(protectedPaths);
    }

    /** The defaults (the one-shot CLI and tests). */
    public static SandboxConfig defaults() {
        return new SandboxConfig(null, false, 0, 0, 0, 0, 0, 0, 0, 0, null);
    }

    /** These defaults with another binary and fallback (tests of a builder without a sandbox). */
    public SandboxConfig with(Path bwrap, boolean allowUnsandboxedTrusted) {
        return new SandboxConfig(bwrap, allowUnsandboxedTrusted, uid, gid, maxProcesses, maxMemoryMb, maxCpuSeconds, maxFileSizeMb,
                maxOpenFiles, maxLogMb, protectedPaths);
    }

    /** These settings with other process and log limits (tests). */
    public SandboxConfig withLimits(int maxProcesses, long maxLogMb) {
        return new SandboxConfig(bwrap, allowUnsandboxedTrusted, uid, gid, maxProcesses, maxMemoryMb, maxCpuSeconds, maxFileSizeMb,
                maxOpenFiles, maxLogMb, protectedPaths);
    }

    /** These settings with more protected paths. */
    public SandboxConfig protecting(List<Path> more) {
        List<Path> all = new java.util.ArrayList<>(protectedPaths);
        all.addAll(more);
        return new SandboxConfig(bwrap, allowUnsandboxedTrusted, uid, gid, maxProcesses, maxMemoryMb, maxCpuSeconds, maxFileSizeMb,
                maxOpenFiles, maxLogMb, all);
    }
}
