package dev.tagline.planner.service;

import dev.tagline.schema.value.RepositoryId;

/** A ref event for a repository that has no release policy: it goes to the dead-letter topic with this reason. */
public class NoPolicyException extends RuntimeException {
    public NoPolicyException(RepositoryId repository, String policyDir) {
        super("no release policy for repository " + repository + " in " + policyDir);
    }
}
