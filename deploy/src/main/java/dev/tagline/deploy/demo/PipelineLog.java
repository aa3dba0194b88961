package dev.tagline.deploy.demo;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.InvalidEventException;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * What happened in the pipeline, read back from its topics (ref events, plans, build results,
 * prune audits) in log order. The demo and the end-to-end test wait on it and build the tag table
 * from it.
 */
final class PipelineLog implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    final Map<String, RefEvent> events = new LinkedHashMap<>();
    final Map<String, TagPlan> plans = new LinkedHashMap<>();
    final Map<String, BuildResult> results = new LinkedHashMap<>();
    final List<PruneAudit> audits = new ArrayList<>();
    private long lastChangeNanos = System.nanoTime();

    PipelineLog(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.REF_EVENTS_NAME, Topics.TAG_PLANS_NAME, Topics.BUILD_RESULTS_NAME, Topics.PRUNE_AUDIT_NAME)) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist: are the services up?");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads whatever is new. */
    void poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            try {
                switch (r.topic()) {
                    case Topics.REF_EVENTS_NAME -> {
                        RefEvent event = Topics.REF_EVENTS.decode(r.value());
                        add(events, event.eventId(), event);
                    }
                    case Topics.TAG_PLANS_NAME -> {
                        TagPlan plan = Topics.TAG_PLANS.decode(r.value());
                        add(plans, plan.planId(), plan);
                    }
                    case Topics.BUILD_RESULTS_NAME -> {
                        BuildResult result = Topics.BUILD_RESULTS.decode(r.value());
                        add(results, result.resultId(), result);
                    }
                    case Topics.PRUNE_AUDIT_NAME -> {
                        audits.add(Topics.PRUNE_AUDIT.decode(r.value()));
                        lastChangeNanos = System.nanoTime();
                    }
                    default -> { }
                }
            } catch (InvalidEventException e) {
                // not ours to judge: the services dead-letter what they cannot read
            }
        }
    }

    private <V> void add(Map<String, V> map, String id, V value) {
        if (!map.containsKey(id)) {
            lastChangeNanos = System.nanoTime();
        }
        map.put(id, value);
    }

    /** Polls until the condition holds. */
    void await(String what, Duration timeout, BooleanSupplier condition) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            poll();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("waited " + timeout.toSeconds() + " s for " + what);
            }
        }
    }

    /** True when every plan seen has a result for each of its variants. */
    boolean everyPlanBuilt() {
        for (TagPlan plan : plans.values()) {
            for (var variant : plan.variants()) {
                if (!results.containsKey(BuildResult.idFor(plan.planId(), variant.name()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every plan built and nothing new for {@code quiet}. */
    void awaitSettled(Duration quiet, Duration timeout) throws TimeoutException {
        await("the pipeline to settle (every plan built, nothing new for " + quiet.toSeconds() + " s)", timeout,
                () -> everyPlanBuilt() && System.nanoTime() - lastChangeNanos > quiet.toNanos());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
