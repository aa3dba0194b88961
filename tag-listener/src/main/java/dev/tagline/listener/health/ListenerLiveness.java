package dev.tagline.listener.health;

import dev.tagline.listener.service.PollerStateStore;
import dev.tagline.listener.service.PublishedEventIndex;
import dev.tagline.listener.service.ReaderStatus;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the process itself is sound: its reader threads run. A broker that is away does not make
 * the listener dead (its readers retry by themselves), so this stays UP through a broker outage and
 * a restart would not help; readiness ({@link ListenerReadiness}) says DOWN instead.
 */
@Singleton
@Liveness
public class ListenerLiveness implements HealthIndicator {
    private final PublishedEventIndex index;
    private final PollerStateStore pollerState;

    public ListenerLiveness(PublishedEventIndex index, PollerStateStore pollerState) {
        this.index = index;
        this.pollerState = pollerState;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean alive = true;
        for (ReaderStatus r : pollerState.status().map(p -> new ReaderStatus[]{index.status(), p})
                .orElseGet(() -> new ReaderStatus[]{index.status()})) {
            details.put(r.reader() + "-thread", r.alive() ? "running" : "stopped");
            alive &= r.alive();
        }
        return Publishers.just(HealthResult.builder("tagline-listener-process", alive ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build());
    }
}
