package dev.tagline.listener.service;

import dev.tagline.listener.config.ListenerConfig;
import dev.tagline.listener.release.CommitReader;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one writer of {@code git.ref-events} in this service: publishes events the log does not hold
 * yet ({@link Duplicates}), keyed by repository id, and returns only once the broker acknowledged them (acks=all,
 * idempotent producer). One repository's publications are serialized within the instance, so a
 * check-then-send cannot interleave with another for the same repository; reading a push's commits from Git
 * ({@link CommitReader}) happens before, outside that lock.
 */
@Singleton
public class RefEventPublisher {
    public static final String EVENT_ID_HEADER = "tagline.event-id";
    private static final Logger LOG = LoggerFactory.getLogger(RefEventPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final PublishedEventIndex index;
    private final ListenerConfig config;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Timer ackTimer;
    private final CommitReader commits;

    public RefEventPublisher(@KafkaClient(id = "tag-listener-events", acks = KafkaClient.Acknowledge.ALL)
                             Producer<byte[], byte[]> producer,
                             PublishedEventIndex index, ListenerConfig config, MeterRegistry meters, CommitReader commits) {
        this.producer = producer;
        this.commits = commits;
        this.index = index;
        this.config = config;
        this.meters = meters;
        this.ackTimer = Timer.builder("tagline.listener.publish.ack").description("time until Kafka acknowledged ref events").register(meters);
    }

    public PublishResult publish(List<RefEvent> events) throws KafkaUnavailableException {
        return publish(events, null);
    }

    /**
     * @param seenAt when the remote was read to derive {@code events} (a poll), or null: an event whose
     *               ref already has a change on the log observed after that instant is stale (a webhook
     *               published a newer state while the poll ran) and is not published
     */
    public PublishResult publish(List<RefEvent> events, Instant seenAt) throws KafkaUnavailableException {
        if (events.isEmpty()) {
            return new PublishResult(List.of(), List.of());
        }
        if (!index.awaitCaughtUp(config.indexTimeout())) {
            throw new KafkaUnavailableException("cannot read " + Topics.REF_EVENTS_NAME + " to check for duplicates", null);
        }
        String repository = events.get(0).repository().value();
        // a release-enabled branch push reads its commits from Git (a fetch): done before the repository's lock, so
        // one slow read does not hold up the other deliveries of the repository; not for what the log already holds
        Map<String, RefEvent> enriched = new HashMap<>();
        for (RefEvent e : events) {
            if (!enriched.containsKey(e.id()) && !index.alreadyPublished(e)) {
                enriched.put(e.id(), commits.withCommits(e));
            }
        }
        synchronized (locks.computeIfAbsent(repository, k -> new Object())) {
            Map<String, RefEvent> toSend = new LinkedHashMap<>();
            List<String> duplicates = new ArrayList<>();
            List<RefEvent> alreadyOnLog = new ArrayList<>();
            for (RefEvent e : events) {
                if (toSend.containsKey(e.id()) || index.alreadyPublished(e)) {
                    duplicates.add(e.id());
                    alreadyOnLog.add(e);
                } else if (seenAt != null && index.lastChange(e.repository(), e.ref())
                        .filter(last -> last.observedAt().isAfter(seenAt)).isPresent()) {
                    LOG.info("not publishing {} {} {}: a newer change of the ref is already on the log", e.id(), e.ref(), e.change());
                    duplicates.add(e.id());
                    counter(e, "stale").increment();
                } else {
                    toSend.put(e.id(), enriched.computeIfAbsent(e.id(), id -> commits.withCommits(e)));
                }
            }
            long start = System.nanoTime();
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            try {
                for (RefEvent e : toSend.values()) {
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(EVENT_ID_HEADER, e.id().getBytes(StandardCharsets.UTF_8));
                    acks.add(producer.send(new ProducerRecord<>(Topics.REF_EVENTS_NAME, null,
                            Topics.REF_EVENTS.key(e), Topics.REF_EVENTS.encode(e), headers)));
                }
                long deadline = start + config.publishTimeout().toNanos();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailableException("interrupted while waiting for Kafka", e);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                meters.counter("tagline.listener.publish.failures").increment();
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new KafkaUnavailableException("Kafka did not acknowledge: " + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : " " + cause.getMessage()), cause);
            }
            ackTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            for (RefEvent e : toSend.values()) {
                index.remember(e);
                counter(e, "published").increment();
                try (MDC.MDCCloseable ignored = MDC.putCloseable("eventId", e.id())) {
                    LOG.info("published {} {} {} {} -> {} from {}", e.repository(), e.ref(), e.change(),
                            e.oldCommit(), e.newCommit(), e.source());
                }
            }
            for (RefEvent e : alreadyOnLog) {
                counter(e, "duplicate").increment();
                LOG.info("not publishing {}: already on the log", e.id());
            }
            return new PublishResult(List.copyOf(toSend.keySet()), List.copyOf(duplicates));
        }
    }

    private Counter counter(RefEvent e, String outcome) {
        return meters.counter("tagline.listener.events", "outcome", outcome, "source", e.source().name().toLowerCase(),
                "change", e.change().name().toLowerCase());
    }
}
