package dev.tagline.pruner.retention;

import dev.tagline.schema.value.Digest;

import java.util.Set;
import java.util.TreeSet;

/**
 * The digests running somewhere (from a file, an HTTP URL or a Kafka topic). Those digests and all they
 * reach are never deleted, tagged or not.
 *
 * @param source where the list came from, for reasons ("inventory file deployments.txt")
 */
public record DeploymentInventory(Set<Digest> digests, String source) {
    public static final DeploymentInventory NONE = new DeploymentInventory(Set.of(), "none");

    public DeploymentInventory {
        digests = Set.copyOf(new TreeSet<>(digests));
        source = source == null ? "inventory" : source;
    }

    public boolean contains(Digest digest) {
        return digests.contains(digest);
    }
}
