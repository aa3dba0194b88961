package dev.tagline.pruner.service;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.reactivestreams.Publisher;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The broker's state for {@code /health} and {@code /health/readiness}, without blocking: a background
 * probe asks the cluster every few seconds (bounded by a timeout) and the endpoint reports the last
 * known answer at once. micronaut-kafka's own indicator waits on the broker and is disabled
 * ({@code kafka.health.enabled: false}), so {@code /health} answers within a second while the broker is
 * down. Liveness ({@code /health/liveness}) does not depend on the broker: a broker outage makes the
 * instance unready, never restarted.
 */
@Context // created at start-up, so the first check happens there and no request waits for it
@Readiness
public class BrokerHealthIndicator implements HealthIndicator {
    private static final Duration EVERY = Duration.ofSeconds(5);
    private static final Duration FIRST_CHECK = Duration.ofSeconds(2);
    private static final Duration CHECK = Duration.ofSeconds(4);

    private final Admin admin;
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "broker-health");
        t.setDaemon(true);
        return t;
    });
    private volatile HealthResult last = result(HealthStatus.DOWN, Map.of("state", "not reached yet"));

    public BrokerHealthIndicator(@Value("${kafka.bootstrap.servers}") String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
        this.admin = Admin.create(p);
        check(FIRST_CHECK); // a reachable broker answers in milliseconds; an unreachable one delays start-up by at most this
        probe.scheduleWithFixedDelay(() -> check(CHECK), EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void check(Duration timeout) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("checkedAt", Instant.now().toString());
        try {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            details.put("clusterId", cluster.clusterId().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS));
            details.put("brokers", cluster.nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).size());
            last = result(HealthStatus.UP, details);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            details.put("error", e.getCause() != null ? e.getCause().getClass().getSimpleName() : e.getClass().getSimpleName());
            last = result(HealthStatus.DOWN, details);
        }
    }

    private static HealthResult result(HealthStatus status, Map<String, Object> details) {
        return HealthResult.builder("kafka", status).details(details).build();
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(last);
    }

    @PreDestroy
    void close() {
        probe.shutdownNow();
        admin.close(Duration.ofSeconds(1));
    }
}
