package dev.tagline.listener.health;

import dev.tagline.listener.service.ReaderStatus;

import java.util.LinkedHashMap;
import java.util.Map;

final class Readers {
    private Readers() {
    }

    static Map<String, Object> details(ReaderStatus r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("topic", r.topic());
        d.put("broker", r.up() ? "reachable" : "unreachable");
        d.put("caughtUp", r.caughtUp());
        d.put("consecutiveFailures", r.consecutiveFailures());
        if (r.lastError() != null) {
            d.put("lastError", r.lastError());
        }
        if (r.lastSuccess() != null) {
            d.put("lastSuccess", r.lastSuccess().toString());
        }
        d.put("restarts", r.restarts());
        return d;
    }
}
