package dev.tagline.listener.service;

import dev.tagline.listener.config.ListenerConfig;
import dev.tagline.schema.kafka.InstanceIds;
import io.micronaut.configuration.kafka.config.AbstractKafkaConsumerConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;

/**
 * Fast failover for the listener's consumer group ({@code tag-listener}): static membership, so an
 * instance that restarts within the session timeout gets its partitions (its repositories) back at
 * once without a rebalance, and cooperative-sticky assignment, so a rebalance moves only the
 * partitions that must move. The {@code group.instance.id} is {@code tagline.listener.instance-id},
 * else the host name (a Kubernetes pod name, stable for a StatefulSet; two instances on one host
 * need distinct ids). Explicit consumer settings in {@code kafka.consumers.*} win.
 */
@Singleton
public class GroupMembership implements BeanCreatedEventListener<AbstractKafkaConsumerConfiguration<?, ?>> {
    private static final Logger LOG = LoggerFactory.getLogger(GroupMembership.class);

    private final String instanceId;

    public GroupMembership(ListenerConfig config) {
        this.instanceId = instanceId(config.instanceId());
    }

    static String instanceId(String configured) {
        return InstanceIds.resolve(configured, "tag-listener");
    }

    public String instanceId() {
        return instanceId;
    }

    @Override
    public AbstractKafkaConsumerConfiguration<?, ?> onCreated(BeanCreatedEvent<AbstractKafkaConsumerConfiguration<?, ?>> event) {
        Properties p = event.getBean().getConfig();
        p.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        p.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        LOG.info("consumer group membership: group.instance.id={}, assignor={}, session.timeout.ms={}",
                p.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), p.get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG),
                p.getOrDefault(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000 (Kafka default)"));
        return event.getBean();
    }
}
