package dev.tagline.schema.topic;

/**
 * Headers added to a dead letter. The original key, value, headers and timestamp travel unchanged;
 * these say where it came from and why it could not be processed.
 */
public final class DeadLetterHeaders {
    public static final String SOURCE_TOPIC = "tagline.source.topic";
    public static final String SOURCE_PARTITION = "tagline.source.partition";
    public static final String SOURCE_OFFSET = "tagline.source.offset";
    public static final String ERROR_CLASS = "tagline.error.class";
    public static final String ERROR_MESSAGE = "tagline.error.message";
    /** The consumer group (service) that gave up on the record. */
    public static final String CONSUMER_GROUP = "tagline.error.group";
    /** When it was dead-lettered, ISO-8601. */
    public static final String DEAD_LETTERED_AT = "tagline.error.time";

    private DeadLetterHeaders() {
    }
}
