package dev.tagline.pruner.service;

import dev.tagline.pruner.execution.AuditSink;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.kafka.OutageTimeouts;
import dev.tagline.schema.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;

/** Publishes one {@link PruneAudit} per decision to {@code registry.prune-audit}, keyed like every topic. */
public final class KafkaAudits implements AuditSink, AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    public KafkaAudits(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // as the service's producer: a broker outage fails the run's audits within seconds (an applied run then deletes nothing)
        p.putAll(OutageTimeouts.producer());
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(List<PruneAudit> audits) throws Exception {
        List<Future<?>> sent = new ArrayList<>();
        for (PruneAudit a : audits) {
            sent.add(producer.send(new ProducerRecord<>(Topics.PRUNE_AUDIT_NAME, Topics.PRUNE_AUDIT.key(a), Topics.PRUNE_AUDIT.encode(a))));
        }
        producer.flush();
        for (Future<?> f : sent) {
            f.get();
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
