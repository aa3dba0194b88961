package dev.tagline.planner.service;

import dev.tagline.schema.event.RefEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plans a ref event under its repository's release policy and publishes the tag plan. */
@Singleton
public class PlanningService {
    private static final Logger LOG = LoggerFactory.getLogger(PlanningService.class);

    public void handle(RefEvent event) {
        LOG.info("received {} {}", event.getClass().getSimpleName(), event.id());
    }
}
