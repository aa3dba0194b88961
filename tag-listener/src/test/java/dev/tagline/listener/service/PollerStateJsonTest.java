package dev.tagline.listener.service;

import dev.tagline.schema.json.EventCodec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The poller-state topic is compacted and read back after restarts: its JSON must not drift between versions. */
class PollerStateJsonTest {
    private static final String SHA = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
    private static final String TAG_OBJECT = "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432";

    @Test
    void theWireFormIsPinnedAndReadsBack() {
        Map<String, PollerState.Seen> refs = new LinkedHashMap<>();
        refs.put("refs/heads/main", new PollerState.Seen(SHA, SHA));
        refs.put("refs/tags/v1.0.0", new PollerState.Seen(TAG_OBJECT, SHA));
        PollerState state = new PollerState(PollerState.CURRENT, "github.com/acme/shop", "https://github.com/acme/shop.git", refs,
                Instant.parse("2026-11-20T09:15:03.250Z"));
        String json = "{\"schemaVersion\":1,\"repository\":\"github.com/acme/shop\",\"cloneUrl\":\"https://github.com/acme/shop.git\","
                + "\"refs\":{\"refs/heads/main\":{\"object\":\"" + SHA + "\",\"commit\":\"" + SHA + "\"},"
                + "\"refs/tags/v1.0.0\":{\"object\":\"" + TAG_OBJECT + "\",\"commit\":\"" + SHA + "\"}},"
                + "\"polledAt\":\"2026-11-20T09:15:03.250Z\"}";
        assertEquals(json, EventCodec.toJson(state));
        assertEquals(state, EventCodec.decode(json, PollerState.class));
        assertEquals(state, EventCodec.decode(json.replace("{\"schemaVersion\"", "{\"addedLater\":true,\"schemaVersion\""), PollerState.class),
                "fields a newer version adds are ignored");
    }
}
