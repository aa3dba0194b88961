package dev.tagline.builder.steps;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TagDiffTest {
    private static final Digest BUILT = Digest.of("built");
    private static final Digest OLDER = Digest.of("older");

    private static List<ImageTag> tags(String... t) {
        return java.util.Arrays.stream(t).map(ImageTag::parse).toList();
    }

    @Test
    void absentTagsAreMissing() {
        TagDiff d = TagDiff.of(tags("1.0.0", "latest"), Map.of(), BUILT);
        assertEquals(tags("1.0.0", "latest"), d.missing());
        assertEquals(List.of(), d.present());
        assertEquals(List.of(), d.moved());
    }

    @Test
    void tagsAlreadyOnTheDigestAreLeftAlone() {
        TagDiff d = TagDiff.of(tags("sha-abc", "1.0.0"), Map.of(ImageTag.parse("sha-abc"), BUILT), BUILT);
        assertEquals(tags("1.0.0"), d.missing());
        assertEquals(tags("sha-abc"), d.present());
    }

    @Test
    void tagsOnAnotherDigestAreMovedInPlanOrder() {
        TagDiff d = TagDiff.of(tags("1.1.0", "1.1", "latest"),
                Map.of(ImageTag.parse("latest"), OLDER, ImageTag.parse("1.1"), OLDER), BUILT);
        assertEquals(tags("1.1.0", "1.1", "latest"), d.missing());
        assertEquals(tags("1.1", "latest"), d.moved());
    }

    @Test
    void aRedeliveredPlanHasNothingToWrite() {
        TagDiff d = TagDiff.of(tags("1.0.0", "latest"), Map.of(ImageTag.parse("1.0.0"), BUILT, ImageTag.parse("latest"), BUILT), BUILT);
        assertEquals(List.of(), d.missing());
        assertEquals(tags("1.0.0", "latest"), d.present());
    }
}
