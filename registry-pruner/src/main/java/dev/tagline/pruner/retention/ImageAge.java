package dev.tagline.pruner.retention;

import dev.tagline.policy.retention.Durations;

import java.time.Duration;
import java.time.Instant;

/**
 * When an image was last pushed or re-tagged, and how we know: from tagline's own build results, or
 * (only for images tagline never saw) from the image config's created time, or not at all.
 */
public record ImageAge(Instant time, Source source) {
    public enum Source { TAGLINE, CONFIG_CREATED, UNKNOWN }

    public static final ImageAge UNKNOWN = new ImageAge(null, Source.UNKNOWN);

    public boolean known() {
        return time != null;
    }

    public Duration ageAt(Instant now) {
        return Duration.between(time, now);
    }

    /** "pushed 3d 4h ago" with where the time came from. */
    public String describe(Instant now) {
        if (!known()) {
            return "push time unknown (tagline never pushed it and it has no config created time)";
        }
        String ago = Durations.human(ageAt(now));
        return switch (source) {
            case TAGLINE -> "pushed " + ago + " ago";
            case CONFIG_CREATED -> "created " + ago + " ago (config created time: tagline never pushed it)";
            default -> "of unknown age";
        };
    }
}
