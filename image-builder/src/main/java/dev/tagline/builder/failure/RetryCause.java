package dev.tagline.builder.failure;

/** Why a transient failure happened: the label of the retry counter and of the {@code /health} details. */
public enum RetryCause {
    /** Connection refused, reset or timed out talking to a registry (or its token endpoint). */
    REGISTRY_UNREACHABLE,
    /** The registry answered 5xx. */
    REGISTRY_SERVER_ERROR,
    /** The registry answered 429 (too many requests). */
    REGISTRY_RATE_LIMITED,
    /**
     * Distribution 2.8 answers {@code 400 DIGEST_INVALID} / {@code MANIFEST_BLOB_UNKNOWN} (and an upload
     * session is unknown after a restart) when two uploads of one blob race into one repository (issue 14).
     */
    REGISTRY_UPLOAD_RACE,
    /** The Git remote could not be reached. */
    GIT_UNREACHABLE,
    /** Kafka could not take the build results (broker unavailable, timeout). */
    BROKER_UNAVAILABLE,
    /** Another I/O failure with no permanent meaning (a broken stream, a closed connection). */
    IO;

    /** The metric and health label: {@code registry_unreachable}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True for the causes that mean "the registry is not usable now" (readiness). */
    public boolean registry() {
        return this == REGISTRY_UNREACHABLE || this == REGISTRY_SERVER_ERROR || this == REGISTRY_RATE_LIMITED;
    }
}
