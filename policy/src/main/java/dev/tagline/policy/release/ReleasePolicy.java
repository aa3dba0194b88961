package dev.tagline.policy.release;

import dev.tagline.schema.value.RepositoryId;

import java.util.List;
import java.util.Optional;

/**
 * One source repository's release policy, parsed and validated (see {@link PolicyParser} and the
 * module README for the YAML format).
 *
 * @param repository    the source repository this policy is for
 * @param source        where the policy came from (file name), for error messages
 * @param digest        {@code sha256:<hex>} of the policy text; part of every plan id
 * @param defaultBranch used when an event does not say (for {@code type=edge} and {@code {{is_default_branch}}})
 * @param metadata      values of the OCI labels
 * @param images        target images (metadata-action's {@code images})
 * @param tags          tag rules sorted by priority (metadata-action's {@code tags}, or its default list)
 * @param flavor        metadata-action's {@code flavor}
 * @param labels        extra labels, {@code key=value} templates
 * @param annotations   extra annotations, {@code key=value} templates
 * @param floating      how floating tags ({@code latest}, {@code <major>}, {@code <major>.<minor>}) are decided
 * @param versionLabel  what {@code org.opencontainers.image.version} holds in the image
 * @param retraction    what happens to a deleted release tag's exact tags
 * @param triggers      which events build at all
 * @param variants      at least one; the first is the default (no tag suffix unless set)
 * @param channels      branch / schedule / prerelease channels with their moving tags
 */
public record ReleasePolicy(
        RepositoryId repository,
        String source,
        String digest,
        String defaultBranch,
        RepoMetadata metadata,
        List<ImageSpec> images,
        List<TagRule> tags,
        Flavor flavor,
        List<Template> labels,
        List<Template> annotations,
        FloatingTags floating,
        VersionLabel versionLabel,
        Retraction retraction,
        Triggers triggers,
        List<VariantSpec> variants,
        List<ChannelSpec> channels) {

    public enum FloatingTags {
        /** tagline: floating tags only move forward, judged against the release history. */
        HISTORY,
        /** Exactly metadata-action: every release takes the floating tags its rules give. */
        STATELESS
    }

    /**
     * Where the release version goes. Labels are in the image config, so anything that depends on
     * which event planned a build gives the same commit a second digest.
     */
    public enum VersionLabel {
        /** Default: the label holds the short commit; the release version lives in tags, plans and build results. */
        COMMIT,
        /** metadata-action's label (the plan's first tag): a push and a release tag of one commit give two digests. */
        EVENT
    }

    /**
     * A release tag deleted from Git (a retraction). Floating tags ({@code latest}, {@code 2},
     * {@code 2.0}) always move to the highest release left in their scope, or are removed when none
     * is left; this decides the retracted release's own exact tags ({@code 2.0.0}, {@code 2.0.0-slim}).
     */
    public enum Retraction {
        /** Default: the exact tags stay (deployments pinned to them keep pulling; retention may collect them later). */
        KEEP,
        /** The exact tags are removed too; the image goes once no other tag holds it. */
        UNTAG
    }

    public ReleasePolicy {
        versionLabel = versionLabel == null ? VersionLabel.COMMIT : versionLabel;
        retraction = retraction == null ? Retraction.KEEP : retraction;
        images = List.copyOf(images);
        tags = List.copyOf(tags);
        labels = List.copyOf(labels);
        annotations = List.copyOf(annotations);
        variants = List.copyOf(variants);
        channels = List.copyOf(channels);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("a policy has at least one variant");
        }
    }

    public VariantSpec defaultVariant() {
        return variants.get(0);
    }

    public Optional<VariantSpec> variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
