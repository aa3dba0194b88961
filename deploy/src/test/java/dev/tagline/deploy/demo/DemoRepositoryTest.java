package dev.tagline.deploy.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoRepositoryTest {

    @Test
    void twoDemoRepositoriesMakeTheSameCommitsAndAReopenedOneGoesOnAlike(@TempDir Path tmp) {
        String first;
        try (DemoRepository a = DemoRepository.create(tmp.resolve("a")); DemoRepository b = DemoRepository.create(tmp.resolve("b"))) {
            first = a.commitApp("hello: first version", "0.1.0");
            assertEquals("1e34e0563c94bedbc78cfdcb0d1f0f2329bd37c4", first, "the demo's first commit (fixed files, identity and time)");
            assertEquals(first, b.commitApp("hello: first version", "0.1.0"));
            a.checkout("dev", "main");
            a.tag("v0.1.0");
            assertEquals(first, a.head());
            assertEquals("", a.tagMessage("v0.1.0"), "a lightweight tag has no message");
            a.deleteTag("v0.1.0");
            assertEquals("", a.tagMessage("v0.1.0"));
        }
        try (DemoRepository reopened = DemoRepository.open(tmp.resolve("a")); DemoRepository b = DemoRepository.open(tmp.resolve("b"))) {
            assertEquals(b.commitApp("hello 0.2.0", "0.2.0"), reopened.commitApp("hello 0.2.0", "0.2.0"));
        }
    }

    @Test
    void aFailedStepSaysWhichStepFailed(@TempDir Path tmp) {
        try (DemoRepository repo = DemoRepository.create(tmp.resolve("r"))) {
            repo.commitApp("hello: first version", "0.1.0");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> repo.checkout("release/1.0", "v9.9.9"));
            assertTrue(e.getMessage().startsWith("checkout release/1.0 failed: "), e.getMessage());
        }
    }
}
