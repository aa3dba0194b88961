package dev.tagline.listener.poller;

import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.GitRef;

/**
 * A difference between two ls-remote snapshots.
 *
 * @param before    the ref as last seen (null when created)
 * @param objectId  the advertised object now (null when deleted); the shell peels it to a commit
 */
public record DetectedChange(GitRef ref, RefChange change, SeenRef before, String objectId) {
}
