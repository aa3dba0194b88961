package dev.tagline.schema.event;

import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Tags of one image repository. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PushedTags(ImageRepository image, List<ImageTag> tags) {
    public PushedTags {
        Require.present("PushedTags", "image", image);
        tags = Require.list(tags);
    }
}
