package dev.tagline.builder.sbom;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds small layer blobs (tar, gzip'd) and jars in memory for the SBOM tests. */
final class Tars {
    private Tars() {
    }

    /** Entries in the given order; a name ending in {@code /} is a directory. */
    static byte[] layer(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry t = new TarArchiveEntry(e.getKey());
                if (!e.getKey().endsWith("/")) {
                    t.setSize(e.getValue().length);
                }
                tar.putArchiveEntry(t);
                if (!e.getKey().endsWith("/")) {
                    tar.write(e.getValue());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, byte[]> entries(String... pathAndText) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < pathAndText.length; i += 2) {
            m.put(pathAndText[i], pathAndText[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    /** A jar holding one class file and, for each coordinate triple given, a pom.properties. */
    static byte[] jar(String... gav) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("com/acme/App.class"));
            zip.write(new byte[]{(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
            for (int i = 0; i < gav.length; i += 3) {
                zip.putNextEntry(new ZipEntry("META-INF/maven/" + gav[i] + "/" + gav[i + 1] + "/pom.properties"));
                zip.write(("groupId=" + gav[i] + "\nartifactId=" + gav[i + 1] + "\nversion=" + gav[i + 2] + "\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
