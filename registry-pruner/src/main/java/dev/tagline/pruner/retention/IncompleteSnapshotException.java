package dev.tagline.pruner.retention;

import dev.tagline.pruner.retention.RegistrySnapshot.Tag;

import java.util.List;
import java.util.stream.Collectors;

/** Fail closed: some tag's manifest could not be read, so nothing in this repository may be deleted. */
public class IncompleteSnapshotException extends RuntimeException {
    private final List<Tag> unreadable;

    public IncompleteSnapshotException(String repository, List<Tag> unreadable) {
        super("refusing to plan " + repository + ": " + unreadable.size() + " tag(s) point at a manifest that could not be read ("
                + unreadable.stream().limit(10).map(t -> t.tag() + " -> " + t.digest()).collect(Collectors.joining(", "))
                + (unreadable.size() > 10 ? ", ..." : "") + "); nothing will be deleted");
        this.unreadable = List.copyOf(unreadable);
    }

    public List<Tag> unreadable() {
        return unreadable;
    }
}
