package dev.tagline.builder.service;

import dev.tagline.schema.kafka.OutageTimeouts;
import dev.tagline.schema.kafka.PassThroughSettings;
import io.micronaut.context.env.Environment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Kafka client settings of the plan consumer, the result producer and the broker probe, from the same
 * keys micronaut-kafka reads: {@code kafka.*} (bootstrap servers, security), then
 * {@code kafka.consumers.default.*} and {@code kafka.consumers.image-builder.*} (consumer), or
 * {@code kafka.producers.default.*} and {@code kafka.producers.image-builder-results.*} (producer); then
 * the settings failover, ordering and exactly-once depend on.
 */
public final class KafkaProperties {
    public static final String GROUP = "image-builder";
    private static final Set<String> NOT_CLIENT_KEYS = Set.of("consumers", "producers", "health", "streams", "embedded", "enabled");

    private KafkaProperties() {
    }

    /** Connection settings shared by every client ({@code kafka.bootstrap.servers}, {@code kafka.security.protocol}, ...). */
    public static Map<String, Object> common(Environment env) {
        Map<String, Object> out = new HashMap<>();
        PassThroughSettings.under(env, "kafka").forEach((k, v) -> {
            String head = k.contains(".") ? k.substring(0, k.indexOf('.')) : k;
            if (!NOT_CLIENT_KEYS.contains(head)) {
                out.put(k, v);
            }
        });
        return out;
    }

    static Map<String, Object> consumer(Environment env, String instanceId) {
        Map<String, Object> p = common(env);
        // deliberate defaults (see README "Failover"), overridable under kafka.consumers.image-builder.*
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "300000");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        flat(env, "kafka.consumers.default", p);
        flat(env, "kafka.consumers.image-builder", p);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "image-builder-" + instanceId);
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    /** One per instance, stable across its restarts: what fences a dead instance's open transaction. */
    public static String transactionalId(String instanceId) {
        return "tagline-image-builder-" + instanceId;
    }

    static Map<String, Object> producer(Environment env, String instanceId) {
        Map<String, Object> p = common(env);
        // a broker outage surfaces within seconds as an aborted transaction (retried), not a minute-long block
        p.putAll(OutageTimeouts.producer());
        // a transaction begins only once a plan is built: it holds sends and a commit, never a build
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "30000");
        // plans finishing one after the other commit back to back: a transaction that starts while the previous one's
        // markers are written meets CONCURRENT_TRANSACTIONS and waits retry.backoff.ms before it retries (100 ms by
        // default: measured 117 ms p90 per back-to-back commit, 29 ms with 10), as tag-planner's producer does
        p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "10");
        // a plan's results go out as they are sent, while sendOffsetsToTransaction waits for the group coordinator,
        // not after Kafka 4's default linger of 5 ms: the commit then only waits for the slower of the two
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        flat(env, "kafka.producers.default", p);
        flat(env, "kafka.producers.image-builder-results", p);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(instanceId));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "image-builder-results-" + instanceId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    private static void flat(Environment env, String prefix, Map<String, Object> into) {
        into.putAll(PassThroughSettings.under(env, prefix));
    }
}
