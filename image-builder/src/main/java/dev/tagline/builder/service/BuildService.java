package dev.tagline.builder.service;

import dev.tagline.schema.event.TagPlan;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds and pushes every variant of a tag plan and publishes one build result per variant. */
@Singleton
public class BuildService {
    private static final Logger LOG = LoggerFactory.getLogger(BuildService.class);

    public void handle(TagPlan event) {
        LOG.info("received {} {}", event.getClass().getSimpleName(), event.id());
    }
}
