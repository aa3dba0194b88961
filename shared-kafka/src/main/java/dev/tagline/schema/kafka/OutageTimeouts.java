package dev.tagline.schema.kafka;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Map;

/**
 * A producer's timeouts when a broker outage must surface within seconds, not after Kafka's minute-long defaults: a send
 * blocks at most 10 s for metadata or buffer space, a request waits 10 s, a record is given up after 20 s. image-builder's
 * results (an aborted transaction, retried) and registry-pruner's audits (a run then deletes nothing) use them; the services'
 * micronaut-kafka producers set the same values in their {@code application.yml}.
 */
public final class OutageTimeouts {
    private OutageTimeouts() {
    }

    public static Map<String, String> producer() {
        return Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
    }
}
