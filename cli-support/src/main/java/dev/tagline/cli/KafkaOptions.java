package dev.tagline.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Map;

/** {@code --bootstrap-servers HOST:PORT} (and the deprecated {@code --kafka} of {@code prune}). */
public final class KafkaOptions {
    public static final String ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String LOCAL = "127.0.0.1:9092";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers (default: $" + ENV + ", else " + LOCAL + ")")
    String bootstrapServers;

    @Option(names = "--kafka", hidden = true, paramLabel = "HOST:PORT", description = "deprecated: --bootstrap-servers")
    void kafka(String value) {
        Deprecations.warn(mixee, "--kafka", "--bootstrap-servers");
        bootstrapServers = value;
    }

    /** @return what was given on the command line, or null */
    public String given() {
        return bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers;
    }

    /** @return what was given, else {@code KAFKA_BOOTSTRAP_SERVERS}, else 127.0.0.1:9092 */
    public String orDefault(Map<String, String> env) {
        if (given() != null) {
            return given();
        }
        String fromEnv = env.get(ENV);
        return fromEnv == null || fromEnv.isBlank() ? LOCAL : fromEnv;
    }
}
