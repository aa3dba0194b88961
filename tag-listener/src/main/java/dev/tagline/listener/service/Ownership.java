package dev.tagline.listener.service;

import dev.tagline.schema.value.RepositoryId;
import jakarta.inject.Singleton;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which repositories this instance polls and schedules: those whose {@code git.ref-events} partition
 * the {@code tag-listener} consumer group assigned to it. With several instances each repository has
 * one owner, so a poll or a schedule slot is not acted on twice; when an instance leaves, the group
 * hands its partitions, and so its repositories, to the others.
 */
@Singleton
public class Ownership {
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final PublishedEventIndex index;

    public Ownership(PublishedEventIndex index) {
        this.index = index;
    }

    public boolean owns(RepositoryId repository) {
        int partition = index.partitionOf(repository);
        return partition >= 0 && owned.contains(partition);
    }

    void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(p -> owned.add(p.partition()));
    }

    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(p -> owned.remove(p.partition()));
    }

    public boolean owns(dev.tagline.listener.repository.RegisteredRepository repository) {
        return owns(repository.id());
    }

    public boolean ownsAny() {
        return !owned.isEmpty();
    }
}
