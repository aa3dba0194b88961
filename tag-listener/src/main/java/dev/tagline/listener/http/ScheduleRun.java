package dev.tagline.listener.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tagline.schema.json.Jackson;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The slot a {@code POST /schedules/{name}/run} asks for: {@code {"at": "..."}} in the body or {@code ?at=}; null for "now". */
public final class ScheduleRun {
    private ScheduleRun() {
    }

    /** @throws IllegalArgumentException for a body that is not JSON, a time that is not ISO-8601, or a slot in the future */
    public static Instant slot(byte[] body, String atQuery, Instant now) {
        String at = atQuery;
        if (body != null && body.length > 0) {
            JsonNode json;
            try {
                json = Jackson.mapper().readTree(body);
            } catch (IOException e) {
                throw new IllegalArgumentException("the body must be JSON, e.g. {\"at\": \"2026-03-01T00:00:00Z\"}, or empty");
            }
            if (json != null && json.hasNonNull("at")) {
                at = json.get("at").asText();
            }
        }
        if (at == null || at.isBlank()) {
            return null;
        }
        Instant slot;
        try {
            slot = OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at '" + at + "' is not an ISO-8601 time such as 2026-03-01T00:00:00Z");
        }
        if (slot.isAfter(now)) {
            throw new IllegalArgumentException("at " + slot + " is in the future: a slot that has not come yet cannot be run");
        }
        return slot.truncatedTo(ChronoUnit.SECONDS);
    }
}
