package dev.tagline.builder.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagline.registry.MediaTypes;
import dev.tagline.schema.value.Digest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads what jib-core wrote with {@code TarImage} in OCI format: an OCI image layout holding every blob as
 * {@code blobs/sha256/<hex>} (layers, config and the manifest itself), uncompressed, so each blob is one region of
 * the file. Reads the manifest's bytes, and every other blob's size and offset (not its bytes).
 */
public final class OciLayoutTar {
    private static final String BLOBS = "blobs/sha256/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_MANIFEST_BYTES = 4L << 20;

    private OciLayoutTar() {
    }

    /** The image whose manifest is {@code manifest}: its bytes, and every other blob of the layout with its size and offset. */
    public static LocalImage read(Path tar, Digest manifest) throws IOException {
        Map<Digest, Long> blobs = new LinkedHashMap<>();
        Map<Digest, Long> offsets = new LinkedHashMap<>();
        byte[] manifestBytes = null;
        try (TarFile file = new TarFile(tar)) {
            for (TarArchiveEntry e : file.getEntries()) {
                if (!e.isFile() || !e.getName().startsWith(BLOBS)) {
                    continue;
                }
                Digest d = Digest.parse("sha256:" + e.getName().substring(BLOBS.length()));
                if (d.equals(manifest)) {
                    if (e.getSize() > MAX_MANIFEST_BYTES) {
                        throw new IOException(tar + ": manifest " + manifest + " is larger than " + MAX_MANIFEST_BYTES + " bytes");
                    }
                    try (InputStream in = file.getInputStream(e)) {
                        manifestBytes = in.readAllBytes();
                    }
                } else {
                    blobs.put(d, e.getSize());
                    offsets.put(d, e.getDataOffset());
                }
            }
        }
        if (manifestBytes == null) {
            throw new IOException(tar + " is not the OCI layout of " + manifest + " (no such manifest blob)");
        }
        if (!Digest.of(manifestBytes).equals(manifest)) {
            throw new IOException(tar + ": the manifest blob does not hash to " + manifest);
        }
        JsonNode type = JSON.readTree(manifestBytes).get("mediaType");
        String mediaType = type != null && type.isTextual() ? type.asText() : MediaTypes.OCI_MANIFEST;
        return new LocalImage(manifest, blobs, manifestBytes, mediaType, tar, offsets);
    }
}
