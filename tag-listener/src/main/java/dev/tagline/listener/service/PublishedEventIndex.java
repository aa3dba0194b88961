package dev.tagline.listener.service;

import dev.tagline.schema.event.EventSource;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.RepositoryId;
import dev.tagline.listener.config.ListenerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the ids of ref events already on the log, so a duplicate delivery (a second instance, a
 * restart, the webhook and the poller seeing one change, GitHub's create + push) is published once.
 * It reads all of {@code git.ref-events} itself (no consumer group: every instance needs every
 * partition), and also keeps, per repository and ref, the last change published and, per schedule,
 * the last slot fired.
 */
@Singleton
public class PublishedEventIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedEventIndex.class);
    /** Ids kept in memory; older ones are forgotten first (a duplicate that late is not expected). */
    static final int MAX_IDS = 1_000_000;

    private final Set<String> ids = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_IDS;
        }
    }));
    private final Map<String, RefEvent> lastByRef = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSlot = new ConcurrentHashMap<>();
    private final TopicTailer tailer;

    public PublishedEventIndex(@Value("${kafka.bootstrap.servers}") String bootstrapServers, ListenerConfig config,
                               MeterRegistry meters) {
        this.tailer = new TopicTailer(bootstrapServers, Topics.REF_EVENTS_NAME, "event-index", this::read,
                config.backoff(), meters);
        this.tailer.start();
    }

    /** The reader of the log behind this index, for health. */
    public ReaderStatus status() {
        return tailer.status();
    }

    private void read(ConsumerRecord<byte[], byte[]> record) {
        remember(Topics.REF_EVENTS.decode(record.value()));
    }

    /** Records an event as on the log (from the log itself, or right after the broker acknowledged it). */
    public void remember(RefEvent event) {
        ids.add(event.id());
        if (event.change() == RefChange.SCHEDULED && event.schedule() != null) {
            if (ScheduleService.OPERATOR_SLOT.equals(event.deliveryId())) {
                LOG.debug("indexed {}: a slot an operator ran, not the schedule's progress", event.id());
                return;
            }
            lastSlot.merge(scheduleKey(event.repository(), event.schedule().name()), event.schedule().slot(),
                    (a, b) -> a.isAfter(b) ? a : b);
        } else if (event.source() != EventSource.REPLAY) {
            lastByRef.put(refKey(event.repository(), event.ref()), event);
        }
        LOG.debug("indexed {} {} {}", event.id(), event.change(), event.ref());
    }

    /**
     * Records only that an id is on the log. For readers that may lag behind the log (the group
     * listener after a restart): they must not set a ref's last change back to an older one.
     */
    public void rememberId(RefEvent event) {
        ids.add(event.id());
    }

    public boolean contains(String eventId) {
        return ids.contains(eventId);
    }

    /** See {@link Duplicates#alreadyPublished}. */
    public boolean alreadyPublished(RefEvent event) {
        return Duplicates.alreadyPublished(event, lastByRef.get(refKey(event.repository(), event.ref())), ids.contains(event.id()));
    }

    /** The last change published for this ref (not replays, not schedules), if any. */
    public Optional<RefEvent> lastChange(RepositoryId repository, GitRef ref) {
        return Optional.ofNullable(lastByRef.get(refKey(repository, ref)));
    }

    public Optional<Instant> lastScheduleSlot(RepositoryId repository, String schedule) {
        return Optional.ofNullable(lastSlot.get(scheduleKey(repository, schedule)));
    }

    /** Waits until every event written before the call is indexed. False on timeout (Kafka away). */
    public boolean awaitCaughtUp(Duration timeout) {
        return tailer.awaitCaughtUp(timeout);
    }

    /** The partition of {@code git.ref-events} a repository's events go to, or -1 while unknown. */
    public int partitionOf(RepositoryId repository) {
        int n = tailer.partitionCount();
        if (n <= 0) {
            return -1;
        }
        return Utils.toPositive(Utils.murmur2(repository.value().getBytes(StandardCharsets.UTF_8))) % n;
    }

    private static String refKey(RepositoryId repository, GitRef ref) {
        return repository.value() + " " + ref.value();
    }

    private static String scheduleKey(RepositoryId repository, String schedule) {
        return repository.value() + " " + schedule;
    }

    @PreDestroy
    @Override
    public void close() {
        tailer.close();
    }
}
