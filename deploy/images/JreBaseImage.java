import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the small JRE base image of the service images, from scratch, without Docker and without
 * pulling anything: a JRE jlinked from this machine's JDK 17, the host's shared libraries it links
 * against (ldd), {@code /etc/passwd} with the non-root user 65532, {@code /tmp}, CA certificates.
 * Pushed with jib-core; reproducible (fixed times, sorted entries, pinned tool version): the same
 * JDK and host libraries give the same digest.
 *
 * <pre>
 * java -cp "$(jib-core classpath)" deploy/images/JreBaseImage.java --to 127.0.0.1:5000/tagline/jre-base:17 --insecure
 * </pre>
 * (deploy/images/build-jre-base.sh resolves the classpath.) Options: {@code --jdk DIR} (default
 * {@code java.home}), {@code --modules a,b} (default {@link #MODULES}), {@code --work DIR}.
 * Prints the image digest on the last line.
 */
public final class JreBaseImage {
    /**
     * What the shaded service jars need ({@code jdeps --print-module-deps --ignore-missing-deps
     * --multi-release 17 <svc>/target/<svc>.jar}: java.base, java.compiler, java.desktop, java.naming,
     * java.security.jgss, java.security.sasl, java.sql, jdk.jfr, jdk.management, jdk.unsupported),
     * plus what is loaded reflectively or by service lookup: java.net.http (registry-client),
     * jdk.crypto.ec (TLS to real registries and Git hosts), jdk.naming.dns, jdk.zipfs, jdk.localedata
     * is left out (English only).
     */
    static final List<String> MODULES = List.of("java.base", "java.compiler", "java.desktop", "java.naming",
            "java.net.http", "java.security.jgss", "java.security.sasl", "java.sql", "jdk.crypto.ec", "jdk.jfr",
            "jdk.management", "jdk.naming.dns", "jdk.unsupported", "jdk.zipfs");

    static final String JAVA_HOME = "/opt/java/openjdk";
    static final String USER = "65532";
    static final Instant FILE_TIME = Instant.ofEpochSecond(1);
    static final Pattern LDD_LINE = Pattern.compile("^\\s*(?:\\S+\\s+=>\\s+)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)\\s*$");

    private JreBaseImage() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String to = require(options, "to");
        boolean insecure = options.containsKey("insecure");
        Path jdk = Path.of(options.getOrDefault("jdk", System.getProperty("java.home")));
        List<String> modules = options.containsKey("modules") ? List.of(options.get("modules").split(",")) : MODULES;
        Path work = Path.of(options.getOrDefault("work", System.getProperty("java.io.tmpdir") + "/tagline-jre-base"));

        long start = System.nanoTime();
        Path jre = jlink(jdk, modules, work);
        Map<String, Path> libraries = sharedLibraries(jre);
        Path files = staticFiles(work);

        JibContainerBuilder image = Jib.fromScratch()
                .setFormat(ImageFormat.OCI)
                .setPlatforms(Set.of(new Platform("amd64", "linux")))
                .setCreationTime(Instant.EPOCH)
                .setUser(USER + ":" + USER)
                .setWorkingDirectory(AbsoluteUnixPath.get("/home/tagline"))
                .setEnvironment(new TreeMap<>(Map.of(
                        "JAVA_HOME", JAVA_HOME,
                        "PATH", JAVA_HOME + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "LANG", "C.UTF-8")))
                .setLabels(new TreeMap<>(Map.of(
                        "org.opencontainers.image.title", "tagline-jre-base",
                        "org.opencontainers.image.description",
                        "A jlinked Java " + javaVersion(jre) + " runtime for tagline's services: no shell, no package manager, user 65532",
                        "org.opencontainers.image.version", javaVersion(jre),
                        "dev.tagline.jre.modules", String.join(",", modules))))
                .addFileEntriesLayer(librariesLayer(libraries))
                .addFileEntriesLayer(treeLayer("jre", jre, JAVA_HOME))
                .addFileEntriesLayer(filesLayer(files));

        ImageReference reference = ImageReference.parse(to);
        JibContainer pushed = image.containerize(Containerizer.to(RegistryImage.named(reference))
                .setAllowInsecureRegistries(insecure)
                .setToolName("tagline-jre-base")
                .setToolVersion("1")
                .setBaseImageLayersCache(work.resolve("cache"))
                .setApplicationLayersCache(work.resolve("cache")));
        libraries.keySet().forEach(l -> System.out.println("host library " + l));
        System.out.printf("pushed %s (%d modules, %d host libraries) in %d ms%n", reference, modules.size(),
                libraries.size(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        System.out.println(pushed.getDigest());
    }

    static Path jlink(Path jdk, List<String> modules, Path work) throws IOException, InterruptedException {
        Path jre = work.resolve("jre");
        deleteRecursively(jre);
        Files.createDirectories(work);
        Path jlink = jdk.resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            throw new IllegalStateException(jlink + " not found: --jdk must name a JDK 17 with jmods"
                    + " (Debian: apt-get install -y openjdk-17-jdk-headless)");
        }
        run(List.of(jlink.toString(), "--add-modules", String.join(",", modules), "--strip-debug",
                "--no-header-files", "--no-man-pages", "--compress=2", "--output", jre.toString()));
        // Headless services: no X11 toolkit, sound or splash screen, so none of their host libraries.
        for (String gui : List.of("libawt_xawt.so", "libjsound.so", "libsplashscreen.so")) {
            Files.deleteIfExists(jre.resolve("lib").resolve(gui));
        }
        // Debian's JDK links its CA store to /etc/ssl/certs/java/cacerts; the jmod's copy may be empty.
        Path hostCacerts = Path.of("/etc/ssl/certs/java/cacerts");
        if (Files.isRegularFile(hostCacerts)) {
            Path cacerts = jre.resolve("lib/security/cacerts");
            Files.deleteIfExists(cacerts);
            Files.copy(hostCacerts, cacerts);
        }
        return jre;
    }

    static final List<String> SERVICE_NATIVE_LIBRARIES = List.of("libstdc++.so.6", "libpthread.so.0", "librt.so.1", "libdl.so.2", "libm.so.6");

    /** Every library the runtime's executables and .so files need, by its absolute path on the host. */
    static Map<String, Path> sharedLibraries(Path jre) throws IOException, InterruptedException {
        List<Path> binaries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(jre)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".so") || p.getParent().getFileName().toString().equals("bin"))
                    .sorted()
                    .forEach(binaries::add);
        }
        Map<String, Path> libraries = new TreeMap<>();
        for (Path binary : binaries) {
            // The runtime's own libraries (libjvm.so, libjava.so) resolve inside it, as the launcher does.
            String inside = jre.resolve("lib") + ":" + jre.resolve("lib/server");
            for (String line : run(List.of("env", "LD_LIBRARY_PATH=" + inside, "ldd", binary.toString())).split("\n")) {
                if (line.contains("not found")) {
                    System.err.println("warning: " + jre.relativize(binary) + " needs a missing library:" + line);
                    continue;
                }
                Matcher m = LDD_LINE.matcher(line);
                if (m.matches() && !m.group(1).startsWith(jre.toString())) {
                    libraries.put(m.group(1), Path.of(m.group(1)));
                }
            }
        }
        // dlopen()ed by glibc (pthread_cancel, thread exit), so ldd does not list it.
        for (String extra : List.of("/lib/x86_64-linux-gnu/libgcc_s.so.1")) {
            if (Files.exists(Path.of(extra))) {
                libraries.put(extra, Path.of(extra));
            }
        }
        String libc = libraries.keySet().stream().filter(l -> l.endsWith("/libc.so.6")).findFirst()
                .orElseThrow(() -> new IllegalStateException("ldd found no libc for " + jre + ": is this a glibc Linux host?"));
        // What the services' bundled natives link besides the JRE's: RocksDB (tag-planner's Kafka Streams
        // stores) needs libstdc++, libpthread, librt, libdl and libm; taken from libc's directory.
        for (String soname : SERVICE_NATIVE_LIBRARIES) {
            Path library = Path.of(libc).resolveSibling(soname);
            if (!Files.exists(library)) {
                throw new IllegalStateException("the services' natives need " + soname + ", not found beside " + libc);
            }
            libraries.put(library.toString(), library);
        }
        return libraries;
    }

    static Path staticFiles(Path work) throws IOException {
        Path root = work.resolve("files");
        deleteRecursively(root);
        write(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/sbin/nologin\n"
                + "tagline:x:" + USER + ":" + USER + ":tagline:/home/tagline:/sbin/nologin\n");
        write(root.resolve("etc/group"), "root:x:0:\ntagline:x:" + USER + ":\n");
        write(root.resolve("etc/nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
        Path bundle = Path.of("/etc/ssl/certs/ca-certificates.crt");
        if (Files.isRegularFile(bundle)) {
            Files.createDirectories(root.resolve("etc/ssl/certs"));
            Files.copy(bundle, root.resolve("etc/ssl/certs/ca-certificates.crt"));
        }
        Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve("home/tagline"));
        return root;
    }

    static FileEntriesLayer librariesLayer(Map<String, Path> libraries) {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("host-libraries");
        for (Map.Entry<String, Path> library : libraries.entrySet()) {
            // The content behind the symlink, under the name the loader looks for.
            layer.addEntry(library.getValue(), AbsoluteUnixPath.get(library.getKey()),
                    FilePermissions.fromOctalString("755"), FILE_TIME, "0:0");
        }
        return layer.build();
    }

    static FileEntriesLayer treeLayer(String name, Path tree, String into) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path path : walk.sorted(Comparator.comparing(Path::toString)).toList()) {
                String relative = tree.relativize(path).toString();
                AbsoluteUnixPath target = AbsoluteUnixPath.get(relative.isEmpty() ? into : into + "/" + relative);
                layer.addEntry(path, target, permissionsOf(path), FILE_TIME, "0:0");
            }
        }
        return layer.build();
    }

    static FileEntriesLayer filesLayer(Path root) throws IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("files");
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.comparing(Path::toString)).toList()) {
                String relative = root.relativize(path).toString();
                if (relative.isEmpty()) {
                    continue;
                }
                AbsoluteUnixPath target = AbsoluteUnixPath.get("/" + relative);
                if (relative.equals("tmp")) {
                    // jib's FilePermissions has no sticky bit: 777, like a tmpfs without it.
                    layer.addEntry(path, target, FilePermissions.fromOctalString("777"), FILE_TIME, "0:0");
                } else if (relative.startsWith("home/tagline")) {
                    layer.addEntry(path, target, FilePermissions.fromOctalString("755"), FILE_TIME, USER + ":" + USER);
                } else {
                    layer.addEntry(path, target, Files.isDirectory(path) ? FilePermissions.fromOctalString("755")
                            : FilePermissions.fromOctalString("644"), FILE_TIME, "0:0");
                }
            }
        }
        return layer.build();
    }

    static FilePermissions permissionsOf(Path path) throws IOException {
        Set<PosixFilePermission> posix = Files.getPosixFilePermissions(path);
        boolean executable = posix.contains(PosixFilePermission.OWNER_EXECUTE) || Files.isDirectory(path);
        // Normalised, so the host's umask does not change the digest.
        return FilePermissions.fromOctalString(executable ? "755" : "644");
    }

    static String javaVersion(Path jre) {
        try {
            for (String line : Files.readAllLines(jre.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return line.substring("JAVA_VERSION=".length()).replace("\"", "");
                }
            }
            return "17";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i] + "; usage: --to IMAGE [--insecure]"
                        + " [--jdk DIR] [--modules a,b] [--work DIR]");
            }
            String name = args[i].substring(2);
            if (name.equals("insecure")) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
        }
        return options;
    }

    static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required, e.g. --to 127.0.0.1:5000/tagline/jre-base:17 --insecure");
        }
        return value;
    }
}
