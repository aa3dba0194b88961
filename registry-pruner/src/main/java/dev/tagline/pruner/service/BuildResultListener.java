package dev.tagline.pruner.service;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.topic.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.ConsumerAware;
import io.micronaut.context.annotation.Property;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import org.slf4j.MDC;

/**
 * Reads {@code build-results} as raw bytes and decodes them itself, so that
 * anything unreadable reaches the shared dead-letter handler with its original bytes. The offset is
 * committed only after the record was handled (or dead-lettered).
 */
@KafkaListener(groupId = "${tagline.pruner.group-id:registry-pruner}", offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RESUME_AT_NEXT_RECORD),
        properties = {
                // static membership: a restart within the session timeout keeps this instance's partitions
                @Property(name = ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, value = "${tagline.pruner.instance-id}"),
                @Property(name = ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, value = "${tagline.pruner.session-timeout-ms:45000}"),
                // cooperative: a partition moves only after its old owner's revocation callback returned
                @Property(name = ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        value = "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
        })
public class BuildResultListener implements ConsumerRebalanceListener, ConsumerAware<byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(BuildResultListener.class);

    private final PushHistoryService handler;
    private final PartitionOwnership ownership;
    private volatile Consumer<byte[], byte[]> consumer;

    public BuildResultListener(PushHistoryService handler, PartitionOwnership ownership) {
        this.handler = handler;
        this.ownership = ownership;
    }

    @Override
    public void setKafkaConsumer(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** Owned only once the partitions' push history is read to their current end (complete history). */
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        List<Integer> parts = partitions.stream().filter(tp -> tp.topic().equals(Topics.BUILD_RESULTS_NAME)).map(TopicPartition::partition).toList();
        if (parts.isEmpty()) {
            return;
        }
        int count = consumer.partitionsFor(Topics.BUILD_RESULTS_NAME).size();
        if (handler.catchUp(parts)) {
            ownership.assigned(parts, count);
        } else {
            LOG.warn("push history of partitions {} not read to the end in time: their repositories are not pruned until the next assignment", parts);
        }
    }

    /** Returns only when no delete of these partitions' repositories is in flight; their runs stop. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        ownership.revoked(partitions.stream().filter(tp -> tp.topic().equals(Topics.BUILD_RESULTS_NAME)).map(TopicPartition::partition).toList());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }

    @Topic(Topics.BUILD_RESULTS_NAME)
    void receive(ConsumerRecord<byte[], byte[]> record) {
        BuildResult event = Topics.BUILD_RESULTS.decode(record.value());
        try (MDC.MDCCloseable ignored = MDC.putCloseable("resultId", event.id())) {
            handler.record(event);
        }
    }
}
