package dev.tagline.listener.poller;

import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.InvalidValueException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Compares the last-seen refs of a remote with what {@code ls-remote} returns now. Pure: the result
 * depends only on the two snapshots and which refs are watched, and is ordered by ref name (tags
 * and branches sort apart: {@code refs/heads/...} before {@code refs/tags/...}).
 */
public final class RefDiff {
    private RefDiff() {
    }

    /**
     * @param lastSeen what the previous poll recorded (full ref name -> ref)
     * @param now      full ref name -> advertised object id
     * @param watched  which refs are events (watched branches, tags)
     */
    public static List<DetectedChange> diff(Map<String, SeenRef> lastSeen, Map<String, String> now, Predicate<GitRef> watched) {
        TreeSet<String> names = new TreeSet<>(lastSeen.keySet());
        names.addAll(now.keySet());
        List<DetectedChange> changes = new ArrayList<>();
        for (String name : names) {
            GitRef ref = refOrNull(name);
            if (ref == null || !(ref.isBranch() || ref.isTag()) || !watched.test(ref)) {
                continue;
            }
            SeenRef before = lastSeen.get(name);
            String after = now.get(name);
            if (before == null) {
                changes.add(new DetectedChange(ref, RefChange.CREATED, null, after));
            } else if (after == null) {
                changes.add(new DetectedChange(ref, RefChange.DELETED, before, null));
            } else if (!before.objectId().equals(after)) {
                changes.add(new DetectedChange(ref, RefChange.UPDATED, before, after));
            }
        }
        return changes;
    }

    private static GitRef refOrNull(String name) {
        try {
            return GitRef.parse(name);
        } catch (InvalidValueException e) {
            return null;
        }
    }
}
