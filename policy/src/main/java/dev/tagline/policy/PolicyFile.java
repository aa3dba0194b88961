package dev.tagline.policy;

import dev.tagline.policy.release.ImageSpec;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.policy.retention.EcrLifecyclePolicy;
import dev.tagline.policy.retention.RetentionPolicy;
import dev.tagline.schema.value.RepositoryId;

import java.util.List;
import java.util.Optional;

/**
 * One policy file, every section parsed and validated: what tag-planner plans with ({@link #release()},
 * present when the file names its {@code repository}) and what registry-pruner prunes with
 * ({@link #retention()} or {@link #ecrLifecyclePolicy()}, for the {@link #images()}).
 *
 * @param source             the file name, for messages
 * @param digest             {@code sha256:<hex>} of the file's text
 * @param release            the release policy (tags, variants, channels, recipe), when {@code repository} is set
 * @param images             the target images ({@code images:}), enabled or not
 * @param retention          the {@code retention:} section
 * @param ecrLifecyclePolicy the {@code ecrLifecyclePolicy:} section (registry-pruner uses it instead of retention)
 */
public record PolicyFile(String source, String digest, Optional<ReleasePolicy> release, List<ImageSpec> images,
                         Optional<RetentionPolicy> retention, Optional<EcrLifecyclePolicy> ecrLifecyclePolicy) {
    public PolicyFile {
        images = List.copyOf(images);
    }

    public Optional<RepositoryId> repository() {
        return release.map(ReleasePolicy::repository);
    }

    /** Whether registry-pruner has something to do with this file. */
    public boolean prunes() {
        return retention.isPresent() || ecrLifecyclePolicy.isPresent();
    }
}
