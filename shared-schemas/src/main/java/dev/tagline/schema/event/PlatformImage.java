package dev.tagline.schema.event;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.Platform;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/** The per-platform manifest of a multi-arch image. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PlatformImage(Platform platform, Digest digest) {
    public PlatformImage {
        Require.present("PlatformImage", "platform", platform);
        Require.present("PlatformImage", "digest", digest);
    }
}
