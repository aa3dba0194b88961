package dev.tagline.schema.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaClientMetersTest {
    @ParameterizedTest(name = "{0} [{1}]")
    @CsvSource(delimiter = '|', value = {
            "kafka.consumer.records-lag-max   | client-id=c                         | kafka.consumer.records-lag-max",
            "kafka.consumer.records-lag-max   | client-id=c,topic=t,partition=0     | kafka.consumer.partition.records-lag-max",
            "kafka.consumer.bytes-consumed    | client-id=c,topic=t                 | kafka.consumer.topic.bytes-consumed",
            "kafka.producer.request-total     | client-id=p,node-id=node--1         | kafka.producer.node.request-total",
            "kafka.producer.record-send-total | client-id=p,topic=t                 | kafka.producer.topic.record-send-total",
            "tagline.listener.webhooks        | topic=t                             | tagline.listener.webhooks",
            "kafka.stream.topic.bytes.consumed.total | thread.id=s,topic=t          | kafka.stream.topic.bytes.consumed.total",
            "kafka.consumer.fetch.manager.records.lag.max | client.id=c,topic=t,partition=0 | kafka.consumer.fetch.manager.records.lag.max",
            "kafka                            | topic=t                             | kafka",
    })
    void aKafkaClientMeterIsNamedAfterItsLevel(String name, String tags, String expected) {
        Tags t = Tags.empty();
        for (String kv : tags.split(",")) {
            t = t.and(kv.split("=")[0], kv.split("=")[1]);
        }
        assertEquals(expected, KafkaClientMeters.nameByLevel(new Meter.Id(name, t, null, null, Meter.Type.COUNTER)));
    }

    @Test
    void everyLevelOfOneMetricRegistersInPrometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new KafkaClientMeters().kafkaClientMetersNamedByLevel());
        // the order that lost the client's own total before: a connection's meter first
        Counter.builder("kafka.producer.request-total").tag("client-id", "dlt").tag("node-id", "node--1").register(registry).increment();
        Counter.builder("kafka.producer.request-total").tag("client-id", "dlt").register(registry).increment(2);
        Gauge.builder("kafka.consumer.records-lag-max", () -> 5).tag("client-id", "c").register(registry);
        Gauge.builder("kafka.consumer.records-lag-max", () -> 3).tags("client-id", "c", "topic", "t", "partition", "0").register(registry);

        Gauge.builder("kafka.stream.state.delete.latency.max", () -> 1).tags("task.id", "0_1", "rocksdb.state.id", "facts").register(registry);
        Gauge.builder("kafka.stream.state.delete.latency.max", () -> 2).tags("task.id", "0_1", "in.memory.state.id", "seen").register(registry);

        String scrape = registry.scrape();
        assertTrue(scrape.contains("kafka_stream_state_delete_latency_max{state_id=\"facts\",store_type=\"rocksdb\",task_id=\"0_1\"} 1.0"), scrape);
        assertTrue(scrape.contains("kafka_stream_state_delete_latency_max{state_id=\"seen\",store_type=\"in-memory\",task_id=\"0_1\"} 2.0"), scrape);
        assertTrue(scrape.contains("kafka_producer_request_total{client_id=\"dlt\"} 2.0"), scrape);
        assertTrue(scrape.contains("kafka_producer_node_request_total{client_id=\"dlt\",node_id=\"node--1\"} 1.0"), scrape);
        assertTrue(scrape.contains("kafka_consumer_records_lag_max{client_id=\"c\"} 5.0"), scrape);
        assertTrue(scrape.contains("kafka_consumer_partition_records_lag_max{client_id=\"c\",partition=\"0\",topic=\"t\"} 3.0"), scrape);
    }
}
