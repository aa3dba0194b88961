package dev.tagline.listener.health;

import dev.tagline.listener.service.PollerStateStore;
import dev.tagline.listener.service.PublishedEventIndex;
import dev.tagline.listener.service.ReaderStatus;
import dev.tagline.listener.service.Reconciliation;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the listener can do its job now: its readers reach the broker and have read their topics
 * to the end (without that, nothing can be checked for duplicates or published). Built only from
 * what the readers last knew, so it answers at once even while the broker is away; it replaces
 * micronaut-kafka's own indicator ({@code kafka.health.enabled: false}), which blocks on the broker.
 */
@Singleton
@Readiness
public class ListenerReadiness implements HealthIndicator {
    static final String NAME = "tagline-listener";

    private final PublishedEventIndex index;
    private final PollerStateStore pollerState;
    private final Reconciliation reconciliation;

    public ListenerReadiness(PublishedEventIndex index, PollerStateStore pollerState, Reconciliation reconciliation) {
        this.index = index;
        this.pollerState = pollerState;
        this.reconciliation = reconciliation;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        List<ReaderStatus> readers = new ArrayList<>();
        readers.add(index.status());
        pollerState.status().ifPresent(readers::add);
        boolean ready = readers.stream().allMatch(ReaderStatus::ready);
        Map<String, Object> details = new LinkedHashMap<>();
        for (ReaderStatus r : readers) {
            details.put(r.reader(), Readers.details(r));
        }
        details.put("pendingHandOffs", reconciliation.pending());
        return Publishers.just(HealthResult.builder(NAME, ready ? HealthStatus.UP : HealthStatus.DOWN).details(details).build());
    }
}
