package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** The schedule that fired: its name (e.g. {@code nightly}) and the slot it fired for. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Schedule(String name, Instant slot) {
    public Schedule {
        Require.text("Schedule", "name", name);
        Require.present("Schedule", "slot", slot);
    }
}
