package dev.tagline.schema.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a build's time went, in milliseconds. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BuildTimings(long fetchMillis, long commandMillis, long imageMillis, long pushMillis, long totalMillis) {
    public static final BuildTimings NONE = new BuildTimings(0, 0, 0, 0, 0);

    public BuildTimings {
        Require.nonNegative("BuildTimings", "fetchMillis", fetchMillis);
        Require.nonNegative("BuildTimings", "commandMillis", commandMillis);
        Require.nonNegative("BuildTimings", "imageMillis", imageMillis);
        Require.nonNegative("BuildTimings", "pushMillis", pushMillis);
        Require.nonNegative("BuildTimings", "totalMillis", totalMillis);
    }
}
