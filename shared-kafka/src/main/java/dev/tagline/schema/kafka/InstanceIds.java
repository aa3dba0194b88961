package dev.tagline.schema.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The stable per-instance id every service gives Kafka for static group membership
 * ({@code group.instance.id}): configured, else the {@code HOSTNAME} environment variable (a
 * Kubernetes pod name, which survives a container restart), else the host name.
 */
public final class InstanceIds {
    private InstanceIds() {
    }

    /** {@code configured} when set, else this host's name, else {@code fallback}. */
    public static String resolve(String configured, String fallback) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        return hostName(fallback);
    }

    /** The {@code HOSTNAME} environment variable, else the host name, else {@code fallback}. */
    public static String hostName(String fallback) {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return fallback;
        }
    }
}
