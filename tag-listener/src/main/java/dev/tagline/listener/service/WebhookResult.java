package dev.tagline.listener.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The answer to a webhook: its HTTP status, a one-line reason, and the event ids published now or
 * already on the log.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WebhookResult(int status, String reason, List<String> published, List<String> duplicates) {
    public static WebhookResult of(int status, String reason) {
        return new WebhookResult(status, reason, List.of(), List.of());
    }
}
