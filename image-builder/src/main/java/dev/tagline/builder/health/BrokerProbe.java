package dev.tagline.builder.health;

import dev.tagline.builder.config.InstanceSettings;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import dev.tagline.builder.service.KafkaProperties;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks the broker for its cluster description every {@code tagline.builder.broker-probe-interval}, on
 * its own thread, and keeps the last answer: {@code /health} reads it and never waits on Kafka
 * (micronaut-kafka's own indicator blocks while the broker is down, so it is disabled).
 */
@Context
public class BrokerProbe {
    /** The last probe: reachable or not, since when, and the error if not. */
    public record State(boolean reachable, Instant checkedAt, Instant since, String error) {
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "broker-probe");
        t.setDaemon(true);
        return t;
    });
    private final Admin admin;
    private final int timeoutMs;
    private volatile State state = new State(false, null, Instant.now(), "not probed yet");

    public BrokerProbe(Environment env, InstanceSettings settings) {
        Map<String, Object> p = new HashMap<>(KafkaProperties.common(env));
        long interval = Math.max(500, settings.brokerProbeInterval().toMillis());
        this.timeoutMs = (int) Math.max(500, Math.min(interval, 3000));
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "image-builder-probe-" + settings.instanceId());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(timeoutMs));
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        this.admin = Admin.create(p);
        timer.scheduleWithFixedDelay(this::probe, 0, interval, TimeUnit.MILLISECONDS);
    }

    public State state() {
        return state;
    }

    private void probe() {
        Instant now = Instant.now();
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes().get(timeoutMs + 500L, TimeUnit.MILLISECONDS);
            State before = state;
            state = new State(true, now, before.reachable() ? before.since() : now, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            State before = state;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            state = new State(false, now, before.reachable() || before.checkedAt() == null ? now : before.since(), cause.toString());
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
