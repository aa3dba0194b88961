package dev.tagline.schema.event;

/** Where a ref event came from. */
public enum EventSource {
    GITHUB, GITLAB, GITEA, GENERIC, POLLER, SCHEDULE, REPLAY, CLI
}
