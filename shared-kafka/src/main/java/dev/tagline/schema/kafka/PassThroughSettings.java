package dev.tagline.schema.kafka;

import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka client or Kafka Streams settings passed through from a configuration prefix, from every
 * property source: {@code tagline.planner.streams.producer.linger.ms: 20} in a YAML file as well as
 * {@code TAGLINE_PLANNER_STREAMS_PRODUCER_LINGER_MS=20} in the environment.
 *
 * <p>Micronaut's {@link StringConvention#RAW} view of a prefix leaves out what came from environment
 * variables (an environment variable has no one spelling: {@code PRODUCER_LINGER_MS} could be
 * {@code producer.linger.ms}, {@code producer.linger_ms}, {@code producer-linger.ms}, ...). Kafka's setting
 * names are lower case words joined by dots, never by underscores or hyphens, so of an environment
 * variable's spellings the one with dots only is the Kafka name, and only such names are passed on.
 * Which source wins when two set one key is Micronaut's usual order (the environment over a file).
 */
public final class PassThroughSettings {
    private PassThroughSettings() {
    }

    /** The flat settings under {@code prefix} (nested maps left out), keyed by their Kafka names. */
    public static Map<String, String> under(Environment env, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        // the environment's spellings first, then the raw keys (a file's), each kept only under its Kafka name
        for (StringConvention view : List.of(StringConvention.UNDER_SCORE_SEPARATED_LOWER_CASE, StringConvention.RAW)) {
            env.getProperties(prefix, view).forEach((k, v) -> {
                if (v != null && !(v instanceof Map) && kafkaName(k)) {
                    out.put(k, v.toString());
                }
            });
        }
        return out;
    }

    private static boolean kafkaName(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '_' || c == '-') {
                return false;
            }
        }
        return true;
    }
}
