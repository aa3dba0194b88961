package dev.tagline.schema.json;

import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.value.CommitSha;
import dev.tagline.schema.value.ImageRepository;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueCodecTest {

    @Test
    void aValueIsReadThroughItsFactory() throws Exception {
        assertEquals(CommitSha.parse("ABCDEF0123456789abcdef0123456789abcdef01"),
                Jackson.mapper().readValue("\"ABCDEF0123456789abcdef0123456789abcdef01\"", CommitSha.class));
        assertEquals(ImageRepository.parse("docker.io/library/alpine"), Jackson.mapper().readValue("\"alpine\"", ImageRepository.class));
        assertNull(Jackson.mapper().readValue("null", CommitSha.class));
    }

    @Test
    void aValueIsWrittenAsItsString() throws Exception {
        assertEquals("\"docker.io/library/alpine\"", Jackson.mapper().writeValueAsString(ImageRepository.parse("alpine")));
        assertEquals("[\"abcdef0123456789abcdef0123456789abcdef01\"]",
                Jackson.mapper().writeValueAsString(java.util.List.of(CommitSha.parse("ABCDEF0123456789abcdef0123456789abcdef01"))));
    }

    @Test
    void theFactorysOwnProblemIsTheMessage() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventCodec.decode("{\"schemaVersion\":1,\"repository\":\"github.com/acme/shop\",\"newCommit\":\"xyz\"}", RefEvent.class));
        assertTrue(e.getMessage().contains("must be 40 or 64 hex characters"), e.getMessage());
    }

    @Test
    void aValueOfAnotherJsonTypeIsRefused() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> EventCodec.decode("{\"schemaVersion\":1,\"repository\":{\"host\":\"github.com\"}}", RefEvent.class));
        assertTrue(e.getMessage().contains("RepositoryId"), e.getMessage());
    }
}
