package dev.tagline.pruner.service;

import dev.tagline.schema.event.BuildResult;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records when tagline pushed or re-tagged each tag (the age retention uses) and triggers pruning. */
@Singleton
public class PushHistoryService {
    private static final Logger LOG = LoggerFactory.getLogger(PushHistoryService.class);

    public void record(BuildResult event) {
        LOG.info("received {} {}", event.getClass().getSimpleName(), event.id());
    }
}
