package dev.tagline.builder.health;

import dev.tagline.builder.failure.RetryCause;
import dev.tagline.builder.service.BuildService;
import dev.tagline.builder.service.PlanConsumer;
import dev.tagline.builder.service.PlanRun;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Readiness (in {@code /health} and {@code /health/readiness}, not in {@code /health/liveness}): DOWN
 * while the broker is unreachable or a plan waits on the registry (unreachable, 5xx, 429). Answers
 * from state kept by the consumer, the retries and {@link BrokerProbe}: never a network call.
 */
@Singleton
public class ReadinessIndicator implements HealthIndicator {
    private final BrokerProbe broker;
    private final BuildService service;
    private final Optional<PlanConsumer> consumer;

    public ReadinessIndicator(BrokerProbe broker, BuildService service, Optional<PlanConsumer> consumer) {
        this.broker = broker;
        this.service = service;
        this.consumer = consumer;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        BrokerProbe.State b = broker.state();
        Map<String, Object> brokerDetails = new LinkedHashMap<>();
        brokerDetails.put("reachable", b.reachable());
        brokerDetails.put("since", String.valueOf(b.since()));
        brokerDetails.put("checkedAt", String.valueOf(b.checkedAt()));
        if (b.error() != null) {
            brokerDetails.put("error", b.error());
        }
        details.put("broker", brokerDetails);

        List<Map<String, Object>> waiting = new ArrayList<>();
        boolean registryDown = false;
        for (PlanRun run : service.runner().active()) {
            if (!run.retrying()) {
                continue;
            }
            RetryCause cause = run.lastCause();
            registryDown |= cause != null && cause.registry();
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("planId", run.plan().planId());
            w.put("repository", run.plan().repository().value());
            w.put("from", run.where());
            w.put("cause", cause == null ? "" : cause.label());
            w.put("retries", run.retries());
            w.put("state", run.waiting() ? "waiting" : "attempting");
            w.put("nextAttemptAt", String.valueOf(run.nextAttemptAt()));
            w.put("lastError", run.lastError() == null ? "" : run.lastError());
            waiting.add(w);
        }
        details.put("registryReachable", !registryDown);
        details.put("plansInFlight", service.runner().active().size());
        details.put("plansWaitingOnRetry", waiting);
        consumer.map(PlanConsumer::health).ifPresent(c -> {
            details.put("instanceId", c.instanceId());
            details.put("assignedPartitions", c.assigned().stream().map(Object::toString).sorted().toList());
            details.put("pausedPartitions", c.paused().stream().map(Object::toString).sorted().toList());
            details.put("plansAwaitingCommit", c.awaitingCommit());
            if (c.lastTransactionError() != null) {
                details.put("lastTransactionFailure", c.lastTransactionError());
            }
        });
        boolean up = b.reachable() && !registryDown;
        return Publishers.just(HealthResult.builder("image-builder", up ? HealthStatus.UP : HealthStatus.DOWN).details(details).build());
    }
}
