package dev.tagline.planner.service;

import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.value.RepositoryId;

import java.util.Optional;

/** The policy in force for a repository, asked at the moment an event is planned. */
public interface PolicyLookup {
    Optional<ReleasePolicy> forRepository(RepositoryId repository);

    /** Where policies come from, for error messages. */
    String directory();
}
