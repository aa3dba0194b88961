package dev.tagline.schema.kafka;

import dev.tagline.schema.topic.Topic;
import dev.tagline.schema.topic.Topics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates every pipeline topic and its dead-letter twin at start-up, before listeners subscribe, so
 * partition counts are ours and not the broker's auto-create default. Existing topics are left as
 * they are.
 */
@Context
@Requires(bean = AdminClient.class)
@Requires(property = "tagline.topics.create", notEquals = "false")
public class TopicCreator {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    public TopicCreator(AdminClient admin, TopicsConfig config) {
        List<NewTopic> wanted = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            wanted.add(newTopic(topic.name(), config));
            wanted.add(newTopic(topic.deadLetterName(), config));
        }
        admin.createTopics(wanted).values().forEach((name, future) -> {
            try {
                future.get(30, TimeUnit.SECONDS);
                LOG.info("created topic {}", name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("timed out creating topic " + name + " (is Kafka reachable?)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating topic " + name, e);
            }
        });
    }

    private static NewTopic newTopic(String name, TopicsConfig config) {
        return new NewTopic(name, Optional.of(Math.max(1, config.partitions())), Optional.ofNullable(config.replicationFactor()));
    }
}
