package dev.tagline.pruner.history;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.TaglineEvent;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.RepositoryId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PushHistoryTest {
    private static final ImageRepository IMAGE = ImageRepository.parse("127.0.0.1:5000/acme/shop");
    private static final Digest D = Digest.of("d");

    private static BuildResult result(String plan, BuildStatus status, Instant at, List<String> written, List<String> present) {
        return new BuildResult(TaglineEvent.CURRENT_SCHEMA_VERSION, BuildResult.idFor(plan, "base"), plan, "e-" + plan,
                RepositoryId.of("github.com/acme/shop"), CommitSha.parse("1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d"), "base", status,
                status == BuildStatus.SUCCEEDED ? D : null, null, List.of(),
                List.of(new PushedTags(IMAGE, written.stream().map(ImageTag::parse).toList())),
                List.of(new PushedTags(IMAGE, present.stream().map(ImageTag::parse).toList())),
                0, 0, status == BuildStatus.FAILED ? "boom" : null, null, at.minusSeconds(1), at);
    }

    private static Instant t(String s) {
        return Instant.parse("2026-11-" + s + "T00:00:00Z");
    }

    @Test
    void reTaggingRefreshesTheTagsPushTime() {
        PushHistory h = new PushHistory();
        h.record(result("p1", BuildStatus.SUCCEEDED, t("01"), List.of("sha-1"), List.of()));
        h.record(result("p2", BuildStatus.SUCCEEDED, t("10"), List.of("sha-1"), List.of()));
        assertEquals(t("10"), h.tagPushedAt(IMAGE, ImageTag.parse("sha-1"), D));
        assertEquals(t("10"), h.digestPushedAt(IMAGE, D));
    }

    @Test
    void aTagAlreadyPresentDoesNotMakeAnOldImageYoung() {
        PushHistory h = new PushHistory();
        h.record(result("p1", BuildStatus.SUCCEEDED, t("01"), List.of("1.0.0"), List.of()));
        h.record(result("p2", BuildStatus.SUCCEEDED, t("20"), List.of(), List.of("1.0.0", "extra")));
        assertEquals(t("01"), h.tagPushedAt(IMAGE, ImageTag.parse("1.0.0"), D));
        assertEquals(t("20"), h.tagPushedAt(IMAGE, ImageTag.parse("extra"), D), "first sighting counts");
    }

    @Test
    void redeliveryChangesNothingAndFailuresAreIgnored() {
        PushHistory h = new PushHistory();
        BuildResult r = result("p1", BuildStatus.SUCCEEDED, t("05"), List.of("sha-2"), List.of());
        h.record(r);
        h.record(r);
        h.record(result("p3", BuildStatus.FAILED, t("30"), List.of("sha-2"), List.of()));
        assertEquals(t("05"), h.tagPushedAt(IMAGE, ImageTag.parse("sha-2"), D));
        assertNull(h.tagPushedAt(IMAGE, ImageTag.parse("sha-2"), Digest.of("other")), "a time only counts for the digest it was written to");
        assertEquals(1, h.size());
    }
}
