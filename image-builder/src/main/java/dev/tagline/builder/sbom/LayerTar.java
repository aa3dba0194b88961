package dev.tagline.builder.sbom;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads an image layer (a tar, gzip'd or not) as a stream, entry by entry, never the whole layer in memory: the
 * base's package databases ({@link #packageFiles}), or every file of a layer tagline added with its sha256 and,
 * for jars, the Maven coordinates inside ({@link #addedFiles}).
 */
public final class LayerTar {
    /** The package-database files read from base layers; nothing else of a base layer is kept. */
    public static final Predicate<String> PACKAGE_FILES = p -> p.equals("var/lib/dpkg/status")
            || (p.startsWith("var/lib/dpkg/status.d/") && p.indexOf('/', "var/lib/dpkg/status.d/".length()) < 0
            && !p.endsWith(".md5sums") && p.length() > "var/lib/dpkg/status.d/".length())
            || p.equals("lib/apk/db/installed") || p.equals("etc/os-release") || p.equals("usr/lib/os-release");

    static final long MAX_PACKAGE_FILE = 64L << 20;
    static final int MAX_POM_PROPERTIES = 64 << 10;

    private static final String WHITEOUT = ".wh.";
    private static final String OPAQUE = ".wh..wh..opq";

    private LayerTar() {
    }

    /** Opens a layer blob's tar stream: gunzipped when it starts with the gzip magic, else as it is. */
    public static InputStream tarStream(InputStream blob) throws IOException {
        BufferedInputStream in = new BufferedInputStream(blob, 65536);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 65536) : in;
    }

    /** The wanted files this layer writes, its whiteouts and opaque directories. */
    public static LayerDelta packageFiles(InputStream blob, Predicate<String> wanted) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        Set<String> deleted = new HashSet<>();
        Set<String> opaque = new HashSet<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(tarStream(blob), StandardCharsets.UTF_8.name())) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = normalize(e.getName());
                String dir = parent(path);
                String base = path.substring(dir.isEmpty() ? 0 : dir.length() + 1);
                if (base.equals(OPAQUE)) {
                    opaque.add(dir);
                } else if (base.startsWith(WHITEOUT)) {
                    deleted.add(join(dir, base.substring(WHITEOUT.length())));
                } else if (e.isFile() && wanted.test(path)) {
                    if (e.getSize() > MAX_PACKAGE_FILE) {
                        throw new IOException(path + " is " + e.getSize() + " bytes, more than a package database should be");
                    }
                    files.put(path, tar.readAllBytes());
                } else if (wanted.test(path)) {
                    files.remove(path); // replaced by a link or a directory in the same layer: not a database
                    deleted.add(path);
                }
            }
        }
        return new LayerDelta(files, deleted, opaque);
    }

    /** Every regular file of a layer, sorted by path, with its sha256; a jar also with its Maven coordinates. */
    public static List<AddedFile> addedFiles(InputStream blob) throws IOException {
        TreeMap<String, AddedFile> out = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(tarStream(blob), StandardCharsets.UTF_8.name())) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile()) {
                    continue;
                }
                String path = "/" + normalize(e.getName());
                DigestInputStream digesting = new DigestInputStream(new Unclosable(tar), sha256());
                MavenCoordinates maven = path.endsWith(".jar") ? jarCoordinates(digesting, fileName(path)) : null;
                digesting.transferTo(OutputStream.nullOutputStream());
                String hex = HexFormat.of().formatHex(digesting.getMessageDigest().digest());
                out.put(path, new AddedFile(path, hex, e.getSize(), maven));
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * The coordinates of the jar: its only {@code pom.properties}, or, in a jar holding several (shaded), the one
     * whose {@code artifactId-version.jar} is the file's name; otherwise none. A jar that is not a readable zip has none.
     */
    static MavenCoordinates jarCoordinates(InputStream jar, String fileName) {
        List<MavenCoordinates> found = new ArrayList<>();
        try {
            ZipInputStream zip = new ZipInputStream(new Unclosable(jar));
            ZipEntry z;
            while ((z = zip.getNextEntry()) != null) {
                if (!z.isDirectory() && MavenCoordinates.isPomPropertiesPath(z.getName())) {
                    byte[] text = zip.readNBytes(MAX_POM_PROPERTIES);
                    MavenCoordinates.parsePomProperties(new String(text, StandardCharsets.ISO_8859_1)).ifPresent(found::add);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return found.size() == 1 ? found.get(0) : null;
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        return found.stream().filter(c -> fileName.equals(c.artifactId() + "-" + c.version() + ".jar")).findFirst().orElse(null);
    }

    static String normalize(String name) {
        String p = name;
        while (p.startsWith("./") || p.startsWith("/")) {
            p = p.startsWith("./") ? p.substring(2) : p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps a reader of one entry (a zip reader) from closing the tar stream under it. */
    private static final class Unclosable extends FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
