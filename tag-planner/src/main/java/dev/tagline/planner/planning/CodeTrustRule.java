package dev.tagline.planner.planning;

import dev.tagline.policy.release.PreviewPolicy;
import dev.tagline.schema.event.CodeTrust;
import dev.tagline.schema.event.PullRequestHead;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageRepository;

import java.util.List;

/**
 * Whose code a plan builds: branches and tags of the repository are trusted (no marker on the plan);
 * a pull request is untrusted, always when it comes from a fork or the webhook did not say where its
 * head lives; a pull request from a branch of the repository itself is trusted only under
 * {@code previews.trustSameRepository: true}. Untrusted plans go to the preview repositories.
 */
final class CodeTrustRule {
    private CodeTrustRule() {
    }

    /** Null for trusted branches and tags; otherwise the plan's marker. */
    static CodeTrust of(RefEvent event, GitRef ref, PreviewPolicy previews) {
        if (ref == null || !ref.isPullRequest()) {
            return null;
        }
        PullRequestHead head = event.pullRequestHead();
        String number = ref.shortName();
        if (head == null) {
            return CodeTrust.untrusted("pull request " + number + " (its head repository is unknown: treated as a fork)",
                    previews.repositorySuffix());
        }
        if (head.fork()) {
            return CodeTrust.untrusted("pull request " + number + " from fork " + (head.repository() == null ? "(unnamed)" : head.repository()),
                    previews.repositorySuffix());
        }
        if (previews.trustSameRepository()) {
            return new CodeTrust(true, "pull request " + number + " from a branch of the repository (previews.trustSameRepository)", null);
        }
        return CodeTrust.untrusted("pull request " + number + " from a branch of the repository", previews.repositorySuffix());
    }

    /** Where an untrusted plan pushes instead of {@code images}: each name with the preview suffix. */
    static List<ImageRepository> previewImages(List<ImageRepository> images, CodeTrust trust) {
        if (trust == null || trust.trusted()) {
            return images;
        }
        return images.stream().map(i -> ImageRepository.parse(i.value() + trust.previewSuffix())).toList();
    }
}
