package dev.tagline.pruner.service;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;

/** The one {@link PartitionOwnership} of this instance: keys are the source repositories the push history names. */
@Factory
class OwnershipFactory {
    @Singleton
    PartitionOwnership ownership(PushHistoryService history) {
        return new PartitionOwnership(image -> Optional.ofNullable(history.current().sourceRepositoryOf(image)), Duration.ofSeconds(30));
    }
}
