package dev.tagline.schema.event;

import dev.tagline.schema.value.RepositoryId;

/** What every event on a tagline topic has: a schema version, a deterministic id and a partition key. */
public interface TaglineEvent {
    /** The wire format version this build writes. Additive changes keep it; a breaking change bumps it. */
    int CURRENT_SCHEMA_VERSION = 1;

    int schemaVersion();

    /** Deterministic: a hash of what makes the event unique, so redelivery and replay are idempotent. */
    String id();

    /** The source repository; null only where an event type says so (a prune audit without one). */
    RepositoryId repository();

    /** The record key: the source repository id (every topic is keyed by it). */
    default String partitionKey() {
        return repository().value();
    }
}
