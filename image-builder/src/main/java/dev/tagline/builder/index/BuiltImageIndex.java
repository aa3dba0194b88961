package dev.tagline.builder.index;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.InvalidValueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Which digest this builder pushed for a build key in an image repository: {@code <dir>/<repository>-<hash>/<key hex>}, one
 * small file per entry holding the digest, written to a temporary file and moved into place (so readers never see half an
 * entry, and builders sharing the directory share the index). It survives restarts; it is only a hint: every entry is
 * checked against the registry before it is used ({@code steps.FindBuiltImageStep}), and any error reading or writing it
 * means "not known" (the variant is then built as usual, which uploads nothing the registry already has).
 */
public final class BuiltImageIndex {
    private static final Logger LOG = LoggerFactory.getLogger(BuiltImageIndex.class);

    private final Path dir;

    public BuiltImageIndex(Path dir) {
        this.dir = dir;
    }

    /** The digest recorded for {@code key} in {@code repo}, unverified; empty when none is (or it cannot be read). */
    public Optional<Digest> lookup(ImageRepository repo, String key) {
        Path entry = entry(repo, key);
        if (entry == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Digest.parse(Files.readString(entry, StandardCharsets.UTF_8).trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | InvalidValueException e) {
            LOG.debug("build index entry {} unreadable: {}", entry, e.getMessage());
            return Optional.empty();
        }
    }

    /** Records that {@code digest} in {@code repo} was built with {@code key} (best effort: a failure is logged, not thrown). */
    public void record(ImageRepository repo, String key, Digest digest) {
        Path entry = entry(repo, key);
        if (entry == null) {
            return;
        }
        try {
            if (lookup(repo, key).filter(digest::equals).isPresent()) {
                return;
            }
            Files.createDirectories(entry.getParent());
            Path tmp = Files.createTempFile(entry.getParent(), ".entry-", ".tmp");
            try {
                Files.writeString(tmp, digest.value() + "\n", StandardCharsets.UTF_8);
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot record {} for build key {} in {}: {}", digest, key, repo, e.getMessage());
        }
    }

    /** Forgets {@code key} in {@code repo} (its digest is gone from the registry, or no longer has that key). */
    public void forget(ImageRepository repo, String key) {
        Path entry = entry(repo, key);
        if (entry == null) {
            return;
        }
        try {
            Files.deleteIfExists(entry);
        } catch (IOException e) {
            LOG.debug("cannot forget build index entry {}: {}", entry, e.getMessage());
        }
    }

    /** Null for a key that is not a digest (no such entry can exist). */
    private Path entry(ImageRepository repo, String key) {
        Digest k;
        try {
            k = Digest.parse(key);
        } catch (InvalidValueException e) {
            return null;
        }
        String safe = repo.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 100) {
            safe = safe.substring(0, 100);
        }
        return dir.resolve(safe + "-" + Digest.of(repo.toString()).hex().substring(0, 12)).resolve(k.hex());
    }
}
