package dev.tagline.planner.service;

import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The main consumer's interceptor ({@code main.consumer.interceptor.classes}): notes, per partition, the offset of the
 * last record each poll returned. A stream thread polls and then processes what it polled, both on itself, so the
 * note is kept per thread and {@link #FETCHED} reads the note of the thread that processes the record: the highest
 * offset of the record's partition already in that thread's buffer.
 */
public final class FetchedOffsetsInterceptor implements ConsumerInterceptor<byte[], byte[]> {
    private static final ThreadLocal<Map<TopicPartition, Long>> LAST_POLLED = ThreadLocal.withInitial(HashMap::new);

    /** {@link FetchedOffsets} of the calling stream thread. */
    static final FetchedOffsets FETCHED = partition -> {
        Long last = LAST_POLLED.get().get(partition);
        return last == null ? OptionalLong.empty() : OptionalLong.of(last);
    };

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, Long> last = LAST_POLLED.get();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> polled = records.records(partition);
            if (!polled.isEmpty()) {
                last.put(partition, polled.get(polled.size() - 1).offset());
            }
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
        LAST_POLLED.remove();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
