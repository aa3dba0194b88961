package dev.tagline.schema.kafka;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Kafka's clients report many metrics under one name at several levels: the client ({@code client-id}), a topic
 * ({@code + topic}), a partition ({@code + topic, partition}) and a broker connection ({@code + node-id}); e.g. a
 * consumer's {@code records-lag-max}, a producer's {@code request-total}. micronaut-kafka exports each level under the same
 * name, and Prometheus needs one set of label names per metric: whichever level registered second was refused (a WARN at
 * every start, the rest at DEBUG), so which series existed depended on start-up order. Each level gets its own name:
 * {@code kafka.consumer.records-lag-max} (client), {@code kafka.consumer.partition.records-lag-max},
 * {@code kafka.producer.topic.record-send-total}, {@code kafka.producer.node.request-total}.
 *
 * <p>Kafka Streams' state store metrics (Micrometer's {@code KafkaStreamsMetrics}) name the store in a tag whose key says
 * the store's kind ({@code rocksdb.state.id}, {@code in.memory.state.id}): tag-planner has one of each, so one kind's
 * meters were refused too. That tag becomes {@code state.id}, with the kind in {@code store.type}.
 */
@Factory
@Requires(classes = MeterFilter.class)
public class KafkaClientMeters {
    private static final String STATE_ID = ".state.id";

    @Singleton
    MeterFilter kafkaClientMetersNamedByLevel() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                Meter.Id named = storeNamedInOneTag(id);
                return named.withName(nameByLevel(named));
            }
        };
    }

    /**
     * A Kafka Streams store's {@code <kind>.state.id} tag as {@code state.id} and {@code store.type=<kind>} (e.g.
     * {@code in-memory}); other ids unchanged.
     */
    static Meter.Id storeNamedInOneTag(Meter.Id id) {
        if (!id.getName().startsWith("kafka.")) {
            return id;
        }
        Tag store = id.getTags().stream()
                .filter(t -> t.getKey().endsWith(STATE_ID) && t.getKey().length() > STATE_ID.length())
                .findFirst().orElse(null);
        if (store == null) {
            return id;
        }
        String kind = store.getKey().substring(0, store.getKey().length() - STATE_ID.length()).replace('.', '-');
        List<Tag> tags = new ArrayList<>(id.getTags());
        tags.remove(store);
        tags.add(Tag.of("state.id", store.getValue()));
        tags.add(Tag.of("store.type", kind));
        return id.replaceTags(tags);
    }

    /**
     * {@code kafka.<client>.<level>.<metric>} for micronaut-kafka's meter of a topic, partition or connection (its tags
     * are spelt {@code client-id}, {@code node-id}); other names unchanged. Micrometer's own Kafka binder (tag-planner's
     * Kafka Streams metrics, tags spelt {@code client.id}) resolves its levels itself, keeping the most detailed one, and
     * would remove and add again a level renamed under it.
     */
    static String nameByLevel(Meter.Id id) {
        String name = id.getName();
        String level = id.getTag("partition") != null ? "partition"
                : id.getTag("topic") != null ? "topic"
                : id.getTag("node-id") != null ? "node" : null;
        if (level == null || !name.startsWith("kafka.") || id.getTag("client-id") == null) {
            return name;
        }
        int client = name.indexOf('.', "kafka.".length());
        if (client < 0) {
            return name;
        }
        return name.substring(0, client + 1) + level + name.substring(client);
    }
}
