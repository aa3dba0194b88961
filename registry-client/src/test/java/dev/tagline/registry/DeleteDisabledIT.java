package dev.tagline.registry;

import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import dev.tagline.testkit.LocalRegistry;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Distribution with storage.delete.enabled=false: one clear error, nothing changed. */
class DeleteDisabledIT {
    @Test
    void deleteOnARegistryWithDeletesDisabledIsOneClearErrorAndChangesNothing() throws Exception {
        try (LocalRegistry registry = LocalRegistry.builder().deleteEnabled(false).start();
             RegistryClient c = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build()) {
            ImageRepository repo = ImageRepository.parse(registry.hostPort() + "/nodelete/app");
            Manifest m = TestImages.push(c, repo, ImageTag.parse("v1"), Platform.parse("linux/amd64"), "nodelete", false);

            RegistryException e = assertThrows(RegistryException.class, () -> c.deleteManifest(repo, m.digest()));
            assertEquals(ErrorCode.DELETE_DISABLED, e.code());
            assertEquals(405, e.status());
            assertFalse(e.transientFailure());
            assertEquals("deleting manifest " + repo + "@" + m.digest() + " failed: DELETE_DISABLED (HTTP 405): the registry "
                    + registry.hostPort() + " has deletes disabled (Distribution: storage.delete.enabled=false); nothing was deleted", e.getMessage());

            assertFalse(c.supportsTagDeletion(repo));
            assertEquals(m.digest(), c.resolve(repo, ImageTag.parse("v1")).orElseThrow().digest());
            assertTrue(c.listTags(repo).contains(ImageTag.parse("v1")));
        }
    }
}
