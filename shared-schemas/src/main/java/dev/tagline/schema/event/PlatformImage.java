package dev.tagline.schema.event;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.Platform;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The per-platform manifest of a multi-arch image. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PlatformImage(Platform platform, Digest digest) {
    public PlatformImage {
        Require.present("PlatformImage", "platform", platform);
        Require.present("PlatformImage", "digest", digest);
    }
}
