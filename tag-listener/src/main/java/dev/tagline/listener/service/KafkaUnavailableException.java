package dev.tagline.listener.service;

/** Kafka did not acknowledge in time (or the log could not be read): nothing is confirmed, the sender should retry. */
public class KafkaUnavailableException extends Exception {
    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
