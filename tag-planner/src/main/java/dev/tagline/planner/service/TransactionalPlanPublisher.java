package dev.tagline.planner.service;

import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.kafka.RetryableProcessingException;
import dev.tagline.schema.topic.Topics;
import io.micronaut.configuration.kafka.TransactionalProducerRegistry;
import io.micronaut.core.type.Argument;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;

/**
 * Read-process-write in one Kafka transaction: the plan (if any) goes to {@code image.tag-plans},
 * keyed by repository, and the consumed offset is committed in the same transaction, so a plan is
 * written exactly once per ref event even if the service dies mid-way.
 */
@Singleton
public class TransactionalPlanPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalPlanPublisher.class);

    private final TransactionalProducerRegistry registry;
    private final String transactionalId;
    private Producer<byte[], byte[]> producer;

    public TransactionalPlanPublisher(TransactionalProducerRegistry registry, PlannerConfig config) {
        this.registry = registry;
        this.transactionalId = config.transactionalId() != null && !config.transactionalId().isBlank() ? config.transactionalId()
                : "tag-planner-" + UUID.randomUUID();
    }

    /**
     * Publishes {@code plan} (null: nothing to build) and commits {@code consumed}'s next offset for the group, atomically.
     *
     * @throws RetryableProcessingException when the transaction failed; nothing was written, the record will be retried
     */
    public synchronized void publish(TagPlan plan, TopicPartition consumed, long offset, ConsumerGroupMetadata group) {
        Producer<byte[], byte[]> p = producer();
        try {
            p.beginTransaction();
            if (plan != null) {
                p.send(new ProducerRecord<>(Topics.TAG_PLANS.name(), Topics.TAG_PLANS.key(plan), Topics.TAG_PLANS.encode(plan)));
            }
            p.sendOffsetsToTransaction(Map.of(consumed, new OffsetAndMetadata(offset + 1)), group);
            p.commitTransaction();
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            // this producer cannot continue: drop it, the retry gets a fresh one
            close();
            throw new RetryableProcessingException("plan transaction failed: " + e.getMessage(), e);
        } catch (KafkaException e) {
            try {
                p.abortTransaction();
            } catch (KafkaException abort) {
                close();
            }
            throw new RetryableProcessingException("plan transaction failed: " + e.getMessage(), e);
        }
    }

    private Producer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = registry.getTransactionalProducer("tag-planner-plans", transactionalId, Argument.of(byte[].class), Argument.of(byte[].class));
            LOG.info("transactional producer {} ready", transactionalId);
        }
        return producer;
    }

    @PreDestroy
    public synchronized void close() {
        if (producer != null) {
            try {
                registry.close(producer);
            } catch (RuntimeException e) {
                LOG.debug("closing the transactional producer: {}", e.getMessage());
            }
            producer = null;
        }
    }
}
