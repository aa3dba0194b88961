package dev.tagline.listener.service;

import java.util.List;

/** Ids published now, and ids that were already on the log (duplicates, not published again). */
public record PublishResult(List<String> published, List<String> duplicates) {
}
