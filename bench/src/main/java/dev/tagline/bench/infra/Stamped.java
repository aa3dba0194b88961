package dev.tagline.bench.infra;

/** A record read from a topic with its broker timestamp (the producer's CreateTime). */
public record Stamped<T>(T value, long timestamp) {
}
