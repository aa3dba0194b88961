package dev.tagline.schema.kafka;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates every pipeline topic and its dead-letter twin at start-up, before listeners subscribe, so
 * partition counts and retention are ours and not the broker's defaults ({@link TopicSettings}).
 * Existing topics are not altered; one whose retention would silently break a service (a
 * {@code git.ref-events} that expires) is reported loudly: an ERROR log line at start and a DOWN
 * {@code topics} health detail, until fixed.
 */
@Context
@Requires(bean = AdminClient.class)
@Requires(property = "tagline.topics.create", notEquals = "false")
public class TopicCreator {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCreator.class);

    private final List<String> problems;

    public TopicCreator(AdminClient admin, TopicsConfig config) {
        List<NewTopic> wanted = new ArrayList<>();
        for (TopicSettings s : TopicSettings.all()) {
            wanted.add(new NewTopic(s.topic(), Optional.of(Math.max(1, config.partitions())), Optional.ofNullable(config.replicationFactor()))
                    .configs(s.configs()));
        }
        List<String> existing = new ArrayList<>();
        admin.createTopics(wanted).values().forEach((name, future) -> {
            try {
                await(future, "creating topic " + name);
                LOG.info("created topic {}", name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
                }
                existing.add(name);
            }
        });
        this.problems = check(admin, existing);
        problems.forEach(p -> LOG.error("topic configuration breaks tagline: {}", p));
    }

    /** Problems found in existing topics' configuration at start (empty when all is well). */
    public List<String> problems() {
        return problems;
    }

    private static List<String> check(AdminClient admin, List<String> existing) {
        List<ConfigResource> resources = existing.stream()
                .filter(name -> TopicSettings.of(name).map(TopicSettings::required).orElse(false))
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        if (resources.isEmpty()) {
            return List.of();
        }
        Map<ConfigResource, Config> configs;
        try {
            configs = await(admin.describeConfigs(resources).all(), "describing topics " + existing);
        } catch (ExecutionException e) {
            LOG.warn("cannot read the configuration of topics {}: {}", existing, e.getCause().getMessage());
            return List.of();
        }
        List<String> out = new ArrayList<>();
        configs.forEach((resource, config) -> {
            Map<String, String> actual = new HashMap<>();
            for (ConfigEntry entry : config.entries()) {
                if (entry.value() != null) {
                    actual.put(entry.name(), entry.value());
                }
            }
            TopicSettings.of(resource.name()).flatMap(s -> s.problem(actual)).ifPresent(out::add);
        });
        return List.copyOf(out);
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) throws ExecutionException {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out " + what + " (is Kafka reachable?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted " + what, e);
        }
    }
}
