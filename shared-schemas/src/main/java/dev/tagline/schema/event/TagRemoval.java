package dev.tagline.schema.event;

import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.ImageTag;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Tags to take off a variant's images after a release tag was deleted (a retraction): each tag is
 * removed where it still points at an image built from {@code commit}, and left alone where it has
 * moved since. The image itself stays while any other tag holds it.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TagRemoval(CommitSha commit, List<ImageTag> tags) {
    public TagRemoval {
        Require.present("TagRemoval", "commit", commit);
        tags = Require.nonEmptyList("TagRemoval", "tags", tags);
    }
}
