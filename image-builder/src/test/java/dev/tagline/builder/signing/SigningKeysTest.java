package dev.tagline.builder.signing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tagline.builder.support.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One start-up line says whether signing is on; it never shows the key's path or password. */
class SigningKeysTest {
    @TempDir
    Path dir;

    private final Logger logger = (Logger) LoggerFactory.getLogger(SigningKeys.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level before;

    @BeforeEach
    void capture() {
        before = logger.getLevel();
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(before);
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void noKeyMeansSigningOffInOneLine() throws Exception {
        assertTrue(SigningKeys.load(null, null).isEmpty());
        assertEquals(1, messages().size(), messages().toString());
        assertTrue(messages().get(0).startsWith("image signing is OFF"), messages().get(0));
    }

    @Test
    void aKeyMeansSigningOnNamingOnlyThePublicKeysFingerprint() throws Exception {
        Path[] pair = TestKeys.pair(dir, "secret-name");
        Path enc = TestKeys.encrypted(pair[0], dir.resolve("enc-secret.key"), "hunter2");
        SigningKey key = SigningKeys.load(enc, "hunter2").orElseThrow();
        assertEquals(1, messages().size(), messages().toString());
        String line = messages().get(0);
        assertTrue(line.startsWith("image signing is ON") && line.contains(SigningKeys.fingerprint(key.publicKey())), line);
        assertFalse(line.contains("secret") || line.contains("hunter2") || line.contains(dir.toString()), line);
    }

    @Test
    void anUnreadableKeyStopsTheStart() {
        assertThrows(KeyFormatException.class, () -> SigningKeys.load(dir.resolve("missing.key"), null));
    }
}
