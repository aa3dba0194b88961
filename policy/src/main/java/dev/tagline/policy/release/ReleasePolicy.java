package dev.tagline.policy.release;

import dev.tagline.policy.autorelease.AutoRelease;
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
 * @param shortShaLength length of {@code {{sha}}} and {@code type=sha} (metadata-action's {@code DOCKER_METADATA_SHORT_SHA_LENGTH}); default 7
 * @param components    monorepo components: a git tag {@code <name>/<version>} or {@code <name>-<version>} is planned under
 *                      the component's policy (its own images, tags, history)
 * @param autoRelease   the {@code release:} section (versions decided from Conventional Commits, tags created by
 *                      tagline), or null when the policy has none (off)
 * @param previews      where pull request (untrusted) builds go, and whether same-repository pull requests are trusted
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
        List<ChannelSpec> channels,
        int shortShaLength,
        List<ComponentSpec> components,
        AutoRelease autoRelease,
        PreviewPolicy previews) {

    public static final int DEFAULT_SHORT_SHA_LENGTH = 7;

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
        previews = previews == null ? PreviewPolicy.DEFAULT : previews;
        versionLabel = versionLabel == null ? VersionLabel.COMMIT : versionLabel;
        retraction = retraction == null ? Retraction.KEEP : retraction;
        images = List.copyOf(images);
        tags = List.copyOf(tags);
        labels = List.copyOf(labels);
        annotations = List.copyOf(annotations);
        variants = List.copyOf(variants);
        channels = List.copyOf(channels);
        components = List.copyOf(components);
        if (shortShaLength < 1) {
            throw new IllegalArgumentException("shortShaLength must be at least 1");
        }
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("a policy has at least one variant");
        }
    }

    /** The same policy with another short-sha length (the command line's {@code DOCKER_METADATA_SHORT_SHA_LENGTH}), components included. */
    public ReleasePolicy withShortShaLength(int length) {
        List<ComponentSpec> comps = components.stream()
                .map(c -> new ComponentSpec(c.name(), c.tagPrefixes(), c.policy().withShortShaLength(length))).toList();
        return new ReleasePolicy(repository, source, digest, defaultBranch, metadata, images, tags, flavor, labels, annotations, floating,
                versionLabel, retraction, triggers, variants, channels, length, comps, autoRelease, previews);
    }

    /**
     * The component a git tag belongs to and the tag's version part ({@code app/v1.2.3} -> app, {@code v1.2.3}); the
     * longest matching prefix wins; empty when the policy has no component for it.
     */
    public Optional<ComponentSpec.Match> component(String tagName) {
        ComponentSpec.Match best = null;
        for (ComponentSpec c : components) {
            for (String prefix : c.tagPrefixes()) {
                if (tagName.startsWith(prefix) && tagName.length() > prefix.length()
                        && (best == null || prefix.length() > best.prefix().length())) {
                    best = new ComponentSpec.Match(c, prefix, tagName.substring(prefix.length()));
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The {@code release:} section, when the policy has one. */
    public Optional<AutoRelease> autoReleaseSection() {
        return Optional.ofNullable(autoRelease);
    }

    public VariantSpec defaultVariant() {
        return variants.get(0);
    }

    public Optional<VariantSpec> variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
