package dev.tagline.builder.index;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuiltImageIndexTest {
    private static final ImageRepository REPO = ImageRepository.parse("127.0.0.1:5000/acme/shop");
    private static final ImageRepository OTHER = ImageRepository.parse("127.0.0.1:5000/acme/other");
    private static final String KEY = Digest.of("key one").value();
    private static final Digest DIGEST = Digest.of("image one");

    @TempDir
    Path dir;

    @Test
    void anEntryIsSeenByAnotherInstanceOverTheSameDirectory() {
        new BuiltImageIndex(dir).record(REPO, KEY, DIGEST);
        BuiltImageIndex restarted = new BuiltImageIndex(dir);
        assertEquals(Optional.of(DIGEST), restarted.lookup(REPO, KEY));
        assertEquals(Optional.empty(), restarted.lookup(OTHER, KEY), "per image repository");
        assertEquals(Optional.empty(), restarted.lookup(REPO, Digest.of("key two").value()), "per build key");
    }

    @Test
    void aNewerDigestReplacesTheEntryAndForgetRemovesIt() {
        BuiltImageIndex index = new BuiltImageIndex(dir);
        index.record(REPO, KEY, DIGEST);
        index.record(REPO, KEY, Digest.of("image two"));
        assertEquals(Optional.of(Digest.of("image two")), index.lookup(REPO, KEY));
        index.forget(REPO, KEY);
        assertEquals(Optional.empty(), index.lookup(REPO, KEY));
        index.forget(REPO, KEY); // nothing to forget: no error
    }

    @Test
    void aDamagedEntryOrAKeyThatIsNoDigestIsUnknownNotAnError() throws IOException {
        BuiltImageIndex index = new BuiltImageIndex(dir);
        index.record(REPO, KEY, DIGEST);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.writeString(f, "not a digest");
            }
        }
        assertEquals(Optional.empty(), index.lookup(REPO, KEY));
        index.record(REPO, "no-digest", DIGEST);
        assertEquals(Optional.empty(), index.lookup(REPO, "no-digest"));
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "no temporary file left");
        }
    }
}
