package dev.tagline.schema.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.Properties;

/** Consumers that read a topic as a log, outside any consumer group's offsets. */
public final class LogReaders {
    private LogReaders() {
    }

    /**
     * The settings of a reader that assigns its partitions itself: only committed records (what a transactional
     * writer aborted is never seen), no offsets committed, and no topic created by asking for it. Callers add their
     * own (client id, poll size, timeouts).
     */
    public static Properties committedReader(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return p;
    }
}
