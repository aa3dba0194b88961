package dev.tagline.pruner.execution;

import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;

/** Lets tests in other packages push images with {@link TestImages}. */
public final class TestImagesAccess {
    private TestImagesAccess() {
    }

    public static Digest pushTagged(RegistryClient c, ImageRepository repo, String seed, String... tags) throws Exception {
        return TestImages.tagged(c, repo, seed, tags).digest();
    }
}
