package dev.tagline.builder.steps;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.RegistryClient;
import dev.tagline.registry.RegistryException;
import dev.tagline.schema.event.BuildRecipe;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.util.Optional;

/**
 * Resolves the recipe's base image to a digest with tagline's registry client: scratch stays
 * scratch; a missing base fails the variant with the reference in the message.
 */
public final class ResolveBaseStep {
    private final RegistryClient client;

    public ResolveBaseStep(RegistryClient client) {
        this.client = client;
    }

    public BaseImage resolve(BuildRecipe recipe) throws BuildFailure {
        if (recipe.fromScratch()) {
            return BaseImage.SCRATCH;
        }
        String requested = recipe.baseImage();
        ImageReference ref;
        try {
            ref = ImageReference.parse(requested);
        } catch (InvalidImageReferenceException e) {
            throw BuildFailure.permanent(BuildFailure.Stage.BASE_IMAGE, "base image '" + requested + "' is not a valid image reference");
        }
        String registry = ref.getRegistry().equals("registry-1.docker.io") ? ImageRepository.DOCKER_HUB : ref.getRegistry();
        ImageRepository repo = ImageRepository.of(registry, ref.getRepository());
        Optional<Descriptor> found;
        try {
            found = ref.getDigest().isPresent()
                    ? client.resolve(repo, Digest.parse(ref.getDigest().get()))
                    : client.resolve(repo, ImageTag.parse(ref.getTag().orElse("latest")));
        } catch (RegistryException e) {
            throw new BuildFailure(BuildFailure.Stage.BASE_IMAGE, "resolving base image '" + requested + "' failed: "
                    + e.getMessage(), e.transientFailure(), e);
        }
        if (found.isEmpty()) {
            throw BuildFailure.permanent(BuildFailure.Stage.BASE_IMAGE, "base image '" + requested + "' not found in registry "
                    + registry + " (no manifest for " + ref.getQualifier() + " in " + repo.name() + ")");
        }
        Digest digest = found.get().digest();
        ImageReference pinned = ImageReference.of(ref.getRegistry(), ref.getRepository(), null, digest.value());
        return new BaseImage(requested, pinned, digest);
    }
}
