package dev.tagline.listener.replay;

import dev.tagline.cli.CommandLines;
import dev.tagline.cli.JsonOutput;
import dev.tagline.cli.Output;
import dev.tagline.cli.StatusLine;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.kafka.LogReaders;
import dev.tagline.schema.topic.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./tagline replay}: reads {@code git.ref-events} up to its current end, selects the
 * repository's original events in log order, and re-emits them marked as replays (or lists them
 * with {@code --dry-run}), showing progress on stderr when it is a terminal.
 *
 * @param terminal stderr is a terminal: show progress there
 */
public record ReplayCommand(PrintWriter out, PrintWriter err, boolean terminal, Clock clock) {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /** @return the exit status: 0 done, 1 Kafka failed */
    public int run(ReplayRequest request) {
        List<RefEvent> log = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int unreadable;
        try {
            unreadable = read(request, log, ids);
        } catch (RuntimeException e) {
            err.println("tagline replay: cannot read " + Topics.REF_EVENTS_NAME + " from " + request.bootstrap() + ": "
                    + CommandLines.reason(e));
            err.flush();
            return 1;
        }
        List<RefEvent> selected = ReplaySelection.select(log, request.repository(), request.since());
        if (unreadable > 0) {
            err.println("tagline replay: skipped " + unreadable + " unreadable record(s) of " + request.repository()
                    + " (they are in " + Topics.REF_EVENTS.deadLetterName() + ")");
        }
        if (request.dryRun()) {
            if (request.output() == Output.JSON) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("repository", request.repository().value());
                json.put("since", request.since() == null ? null : request.since().toString());
                json.put("rebuild", request.rebuild());
                json.put("wouldReplay", selected.stream().map(ReplayCommand::event).toList());
                out.print(JsonOutput.pretty(json));
                out.flush();
                return 0;
            }
            out.println("would replay " + selected.size() + " event(s) of " + request.repository()
                    + (request.since() == null ? " (whole log)" : " since " + request.since())
                    + (request.rebuild() ? ", forcing rebuilds" : "") + ":");
            for (RefEvent e : selected) {
                out.printf("%s  %-9s %-40s %-40s %s %s%n", e.observedAt(), e.change(), e.ref(),
                        e.newCommit() == null ? "-" : e.newCommit(), e.source(), e.id());
            }
            out.flush();
            return 0;
        }
        String runId = request.runId() != null ? request.runId()
                : "replay-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(clock.instant())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<RefEvent> replays = ReplaySelection.replays(selected, runId, request.rebuild(), clock.instant(), ids);
        int skipped = selected.size() - replays.size();
        try {
            publish(request, replays);
        } catch (RuntimeException e) {
            err.println("tagline replay: publishing failed (" + CommandLines.reason(e) + "); re-run with --run-id " + runId
                    + " to publish the rest without duplicates");
            err.flush();
            return 1;
        }
        if (request.output() == Output.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("repository", request.repository().value());
            json.put("runId", runId);
            json.put("replayed", replays.size());
            json.put("alreadyReplayed", skipped);
            json.put("rebuild", request.rebuild());
            out.print(JsonOutput.pretty(json));
        } else {
            out.println("replayed " + replays.size() + " event(s) of " + request.repository() + " as run " + runId
                    + (skipped > 0 ? " (" + skipped + " already replayed in this run)" : "")
                    + (request.rebuild() ? ", forcing rebuilds" : ""));
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> event(RefEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("observedAt", e.observedAt().toString());
        m.put("change", e.change().name());
        m.put("ref", e.ref().value());
        m.put("newCommit", e.newCommit() == null ? null : e.newCommit().value());
        m.put("source", e.source().name());
        m.put("id", e.id());
        return m;
    }

    private int read(ReplayRequest request, List<RefEvent> log, Set<String> ids) {
        Properties p = LogReaders.committedReader(request.bootstrap());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        byte[] key = request.repository().value().getBytes(StandardCharsets.UTF_8);
        int unreadable = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.REF_EVENTS_NAME, Duration.ofSeconds(15));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + Topics.REF_EVENTS_NAME + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(15));
            List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!reached(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("did not reach the end of the log within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= ends.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)) {
                        continue;
                    }
                    if (java.util.Arrays.equals(key, r.key())) {
                        mine.add(r);
                    }
                }
            }
            // one repository's events share a partition; order by partition then offset in any case
            mine.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                    .thenComparingLong(ConsumerRecord::offset));
            for (ConsumerRecord<byte[], byte[]> r : mine) {
                try {
                    RefEvent e = Topics.REF_EVENTS.decode(r.value());
                    log.add(e);
                    ids.add(e.id());
                } catch (RuntimeException e) {
                    unreadable++;
                }
            }
        }
        return unreadable;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void publish(ReplayRequest request, List<RefEvent> replays) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, request.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        Progress progress = new Progress(new StatusLine(err, terminal, false), replays.size());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (RefEvent e : replays) {
                acks.add(producer.send(new ProducerRecord<>(Topics.REF_EVENTS_NAME, Topics.REF_EVENTS.key(e), Topics.REF_EVENTS.encode(e))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
                progress.step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        } finally {
            progress.done();
        }
    }

    /** "replayed 120/500 (850/s)" on one updating stderr line when on a terminal. */
    static final class Progress {
        private final StatusLine status;
        private final int total;
        private final long start = System.nanoTime();
        private long lastPrint;
        private int count;

        Progress(StatusLine status, int total) {
            this.status = status;
            this.total = total;
        }

        void step() {
            count++;
            long now = System.nanoTime();
            if (now - lastPrint > 200_000_000L || count == total) {
                lastPrint = now;
                status.update("replayed " + count + "/" + total + " (" + rate(now) + "/s)");
            }
        }

        void done() {
            status.done();
        }

        private long rate(long now) {
            double seconds = Math.max(1e-3, (now - start) / 1e9);
            return Math.round(count / seconds);
        }
    }
}
