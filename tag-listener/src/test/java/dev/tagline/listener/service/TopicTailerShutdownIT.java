package dev.tagline.listener.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tagline.testkit.KafkaProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing a tailer that has read its topic ends its thread without an error in the log (a clean shutdown looks clean). */
class TopicTailerShutdownIT {
    private static final String TOPIC = "tailer-shutdown-" + System.nanoTime();

    @Test
    void closingAReaderLogsNoError() throws Exception {
        KafkaProbe.createTopics(2, TOPIC);
        KafkaProbe.send(TOPIC, "k", "v".getBytes(StandardCharsets.UTF_8));
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            TopicTailer tailer = new TopicTailer(KafkaProbe.bootstrap(), TOPIC, "shutdown", r -> { }, Backoff.DEFAULT,
                    new SimpleMeterRegistry());
            tailer.start();
            assertTrue(tailer.awaitCaughtUp(Duration.ofSeconds(30)), "caught up");

            tailer.close();
        } finally {
            root.detachAppender(logged);
        }

        List<String> errors = logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        assertEquals(List.of(), errors);
    }
}
