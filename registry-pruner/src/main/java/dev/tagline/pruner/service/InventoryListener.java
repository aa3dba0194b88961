package dev.tagline.pruner.service;

import dev.tagline.pruner.inventory.Inventories;
import dev.tagline.pruner.retention.DeploymentInventory;
import dev.tagline.schema.value.Digest;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A deployment inventory on a Kafka topic ({@code tagline.pruner.inventory-topic}, best compacted): each record's
 * key is one deployment source (a cluster, a namespace), its value any text listing the digests running
 * there ({@code sha256:<hex>} anywhere in it); the latest record per key wins, an empty value clears that
 * key. Every instance reads the whole topic (its own consumer group), so any instance can prune safely.
 */
@Requires(property = "tagline.pruner.inventory-topic")
@KafkaListener(groupId = "registry-pruner-inventory-${random.uuid}", offsetReset = OffsetReset.EARLIEST,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RESUME_AT_NEXT_RECORD))
public class InventoryListener {
    private final Map<String, Set<Digest>> running = new ConcurrentHashMap<>();

    @Topic("${tagline.pruner.inventory-topic}")
    void receive(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null || record.value().length == 0) {
            running.remove(key);
        } else {
            running.put(key, Inventories.parse(new String(record.value(), StandardCharsets.UTF_8)));
        }
    }

    public DeploymentInventory inventory() {
        Set<Digest> all = new TreeSet<>();
        running.values().forEach(all::addAll);
        return new DeploymentInventory(all, "inventory topic (" + running.size() + " source(s))");
    }
}
