package dev.tagline.pruner.history;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.time.Instant;

/** Push times tagline knows from its own events; null where it never saw the tag or digest. */
public interface PushTimes {
    PushTimes NONE = new PushTimes() {
        @Override
        public Instant tagPushedAt(ImageRepository image, ImageTag tag, Digest digest) {
            return null;
        }

        @Override
        public Instant digestPushedAt(ImageRepository image, Digest digest) {
            return null;
        }
    };

    Instant tagPushedAt(ImageRepository image, ImageTag tag, Digest digest);

    Instant digestPushedAt(ImageRepository image, Digest digest);
}
