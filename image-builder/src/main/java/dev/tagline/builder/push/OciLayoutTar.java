package dev.tagline.builder.push;

import dev.tagline.schema.value.Digest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what jib-core wrote with {@code TarImage} in OCI format: an OCI image layout holding every blob
 * as {@code blobs/sha256/<hex>} (layers, config and the manifest itself). Only names and sizes are read.
 */
public final class OciLayoutTar {
    private static final String BLOBS = "blobs/sha256/";

    private OciLayoutTar() {
    }

    /** The image whose manifest is {@code manifest}: every other blob of the layout, with its size. */
    public static LocalImage read(Path tar, Digest manifest) throws IOException {
        Map<Digest, Long> blobs = new LinkedHashMap<>();
        boolean sawManifest = false;
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream entries = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
                if (!e.isFile() || !e.getName().startsWith(BLOBS)) {
                    continue;
                }
                Digest d = Digest.parse("sha256:" + e.getName().substring(BLOBS.length()));
                if (d.equals(manifest)) {
                    sawManifest = true;
                } else {
                    blobs.put(d, e.getSize());
                }
            }
        }
        if (!sawManifest) {
            throw new IOException(tar + " is not the OCI layout of " + manifest + " (no such manifest blob)");
        }
        return new LocalImage(manifest, blobs);
    }
}
