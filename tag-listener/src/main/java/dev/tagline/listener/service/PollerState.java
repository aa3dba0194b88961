package dev.tagline.listener.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;

/**
 * The value of {@link PollerStateStore#TOPIC}: the watched refs of one remote as last polled, keyed
 * by repository id, so the topic can be compacted to the latest snapshot per repository.
 *
 * @param refs full ref name -> the advertised object and the commit it peels to
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PollerState(int schemaVersion, String repository, String cloneUrl, Map<String, Seen> refs, Instant polledAt) {
    public static final int CURRENT = 1;

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Seen(String object, String commit) {
    }
}
