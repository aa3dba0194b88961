package dev.tagline.builder.sandbox;

import dev.tagline.builder.config.SandboxConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The bubblewrap command line of one build command: what the sandbox shows (the checkout read-write at
 * {@value #WORKSPACE}, a private HOME and /tmp, /usr and the system links read-only, a few files of
 * /etc, the recipe's tool paths read-only), its namespaces (no network unless granted), the user it runs
 * as and its resource limits (prlimit inside). Pure: it only lists /etc's {@code java-*} directories.
 */
final class BwrapCommand {
    static final String WORKSPACE = "/workspace";
    static final String HOME = "/home/build";
    static final String TMP = "/tmp";
    /**
     * What of /etc a compiler or runtime needs: the dynamic linker's cache, time zone, name service
     * switch, Debian's alternatives (/usr/bin/java points through them), TLS trust anchors (public
     * certificates only, not /etc/ssl/private). passwd and group are generated, never the host's.
     */
    static final List<String> ETC = List.of("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "nsswitch.conf",
            "alternatives", "ssl/certs", "ssl/openssl.cnf", "ca-certificates", "ca-certificates.conf", "mime.types");
    /** Only with network: name resolution and service names. */
    static final List<String> ETC_NETWORK = List.of("hosts", "host.conf", "gai.conf", "protocols", "services");
    static final List<String> SYSTEM_LINKS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    /** The host side of the sandbox's private directories and generated files. */
    record Layout(Path checkout, Path home, Path tmp, Path passwd, Path group) {
    }

    private BwrapCommand() {
    }

    /**
     * @param asRoot  the builder runs as root: bwrap sets up the mounts as root (no user namespace) and
     *                setpriv drops to {@code uid}/{@code gid} with no capabilities before the command runs,
     *                so the process limit counts (root is exempt from it); otherwise bwrap makes an
     *                unprivileged user namespace and the command keeps the builder's uid
     * @param tools   host paths (already checked and resolved) mounted read-only at the path the recipe named
     * @param network true only for trusted code whose recipe grants it
     */
    static List<String> argv(SandboxConfig config, boolean asRoot, Layout layout, List<ToolPath> tools, boolean network,
                             List<String> command) {
        List<String> a = new ArrayList<>();
        a.add(config.bwrap().toString());
        a.add("--die-with-parent");
        a.add("--new-session");
        if (asRoot) {
            a.addAll(List.of("--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"));
            if (!network) {
                a.add("--unshare-net");
            }
        } else {
            a.add("--unshare-all");
            if (network) {
                a.add("--share-net");
            }
            a.add("--unshare-user"); // explicit: --disable-userns needs it (--unshare-all only tries)
            a.add("--disable-userns");
        }
        a.addAll(List.of("--ro-bind", "/usr", "/usr"));
        for (String link : SYSTEM_LINKS) {
            Path p = Path.of(link);
            if (Files.isSymbolicLink(p)) {
                try {
                    a.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), link));
                } catch (IOException e) {
                    // unreadable link: leave it out
                }
            } else if (Files.isDirectory(p)) {
                a.addAll(List.of("--ro-bind", link, link));
            }
        }
        a.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
        a.addAll(List.of("--perms", "0755", "--dir", "/etc"));
        for (String e : etc(network)) {
            a.addAll(List.of("--ro-bind-try", "/etc/" + e, "/etc/" + e));
        }
        if (network) {
            a.addAll(List.of("--ro-bind-try", realPath(Path.of("/etc/resolv.conf")), "/etc/resolv.conf"));
        }
        a.addAll(List.of("--ro-bind", layout.passwd().toString(), "/etc/passwd"));
        a.addAll(List.of("--ro-bind", layout.group().toString(), "/etc/group"));
        a.addAll(List.of("--perms", "0755", "--dir", "/home"));
        a.addAll(List.of("--bind", layout.home().toString(), HOME));
        a.addAll(List.of("--bind", layout.tmp().toString(), TMP));
        for (ToolPath t : tools) {
            // bwrap would make missing parents 0700 (root's), which the sandbox user could not cross
            Path parent = Path.of(t.declared()).getParent();
            for (int i = 1; parent != null && i <= parent.getNameCount(); i++) {
                a.addAll(List.of("--perms", "0755", "--dir", "/" + parent.subpath(0, i)));
            }
            a.addAll(List.of("--ro-bind", t.real().toString(), t.declared()));
        }
        a.addAll(List.of("--bind", layout.checkout().toString(), WORKSPACE));
        a.addAll(List.of("--chdir", WORKSPACE));
        a.addAll(List.of("--remount-ro", "/"));
        a.add("--");
        if (asRoot) {
            a.addAll(List.of("/usr/bin/setpriv", "--reuid=" + config.uid(), "--regid=" + config.gid(), "--clear-groups",
                    "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"));
        }
        long cpu = config.maxCpuSeconds();
        a.addAll(List.of("/usr/bin/prlimit",
                "--nproc=" + config.maxProcesses(),
                "--data=" + config.maxMemoryMb() * 1024 * 1024,
                "--cpu=" + cpu + ":" + (cpu + 5),
                "--fsize=" + config.maxFileSizeMb() * 1024 * 1024,
                "--nofile=" + config.maxOpenFiles(),
                "--core=0",
                "--"));
        a.addAll(command);
        return a;
    }

    /** The /etc entries shown: the fixed list, the JDKs' configuration directories, and name resolution with network. */
    static List<String> etc(boolean network) {
        List<String> out = new ArrayList<>(ETC);
        try (Stream<Path> s = Files.list(Path.of("/etc"))) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("java-")).sorted().forEach(out::add);
        } catch (IOException e) {
            // no /etc listing: no JDK configuration
        }
        if (network) {
            out.addAll(ETC_NETWORK);
        }
        return out;
    }

    private static String realPath(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }
}
