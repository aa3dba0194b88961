package dev.tagline.listener.service;

import java.time.Instant;

/**
 * What one background reader of a topic last knew, for health and metrics.
 *
 * @param reader              the reader's name ({@code event-index}, {@code poller-state})
 * @param up                  its last request to the broker succeeded
 * @param caughtUp            it has read the topic to its end at least once since it started
 * @param consecutiveFailures failed broker requests since the last success
 * @param lastError           the last failure, or null
 * @param lastSuccess         when the broker last answered it, or null
 * @param restarts            times its consumer was closed and recreated after an error
 * @param alive               its thread runs (false only after close, or a bug: then the process is not live)
 */
public record ReaderStatus(String reader, String topic, boolean up, boolean caughtUp, int consecutiveFailures,
                           String lastError, Instant lastSuccess, long restarts, boolean alive) {
    /** It can do its job: the broker answers and the topic was read to its end. */
    public boolean ready() {
        return up && caughtUp;
    }
}
