package dev.tagline.policy;

import dev.tagline.policy.release.ImageSpec;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.InvalidValueException;
import dev.tagline.schema.value.RepositoryId;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The policy files of one directory, checked against each other: one policy per source repository,
 * and one retention (or ECR lifecycle) policy per image repository.
 *
 * @param files        every file, sorted by name
 * @param byRepository the release policies, for tag-planner
 * @param byImage      the files that prune, by each of their images (and the preview repositories of those that build
 *                     pull requests), for registry-pruner
 */
public record PolicySet(List<PolicyFile> files, Map<RepositoryId, ReleasePolicy> byRepository, Map<ImageRepository, PolicyFile> byImage) {
    public static final PolicySet EMPTY = new PolicySet(List.of(), Map.of(), Map.of());

    public PolicySet {
        files = List.copyOf(files);
        byRepository = Map.copyOf(byRepository);
        byImage = java.util.Collections.unmodifiableMap(new TreeMap<>(byImage));
    }

    /** @throws InvalidPolicyException for two policies of one repository, or two pruning policies of one image */
    public static PolicySet of(List<PolicyFile> files) {
        Map<RepositoryId, ReleasePolicy> byRepository = new HashMap<>();
        Map<ImageRepository, PolicyFile> byImage = new LinkedHashMap<>();
        Map<ImageRepository, PolicyFile> previews = new HashMap<>();
        for (PolicyFile f : files) {
            f.release().ifPresent(p -> {
                ReleasePolicy other = byRepository.put(p.repository(), p);
                if (other != null) {
                    throw new InvalidPolicyException(f.source(), 1, "repository", p.repository() + " already has a policy in " + other.source());
                }
            });
            if (!f.prunes()) {
                continue;
            }
            if (f.images().isEmpty()) {
                throw new InvalidPolicyException(f.source(), 1, "images", "must list the image repositories this policy prunes");
            }
            for (ImageSpec image : f.images()) {
                ImageRepository repo;
                try {
                    repo = ImageRepository.parse(image.name());
                } catch (InvalidValueException e) {
                    throw new InvalidPolicyException(f.source(), 1, "images", e.getMessage());
                }
                PolicyFile previous = byImage.put(repo, f);
                if (previous != null && !previews.containsKey(repo)) {
                    throw new InvalidPolicyException(f.source(), 1, "images", "image " + repo + " already has a policy in " + previous.source());
                }
                previews.remove(repo); // an image listed on its own is pruned by its own policy
                previewsOf(f, repo).ifPresent(preview -> {
                    if (!byImage.containsKey(preview)) {
                        byImage.put(preview, f);
                        previews.put(preview, f);
                    }
                });
            }
        }
        return new PolicySet(files, byRepository, byImage);
    }

    /**
     * Where a policy that builds pull requests pushes their previews ({@code <image><previews.repositorySuffix>}): pruned
     * under the same retention, so a closed pull request's {@code pr-<n>} tags go there too.
     */
    private static java.util.Optional<ImageRepository> previewsOf(PolicyFile f, ImageRepository image) {
        return f.release().filter(p -> p.triggers() != null && p.triggers().pullRequests()).flatMap(p -> {
            try {
                return java.util.Optional.of(ImageRepository.parse(image + p.previews().repositorySuffix()));
            } catch (InvalidValueException e) {
                return java.util.Optional.empty();
            }
        });
    }
}
