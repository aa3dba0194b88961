package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Marks a ref event re-emitted from the log: which replay run, which original event, where that
 * came from, and whether the builder must rebuild images that already exist.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Replay(String runId, String originalEventId, EventSource originalSource, boolean rebuild) {
    public Replay {
        Require.text("Replay", "runId", runId);
        Require.text("Replay", "originalEventId", originalEventId);
        Require.present("Replay", "originalSource", originalSource);
    }
}
