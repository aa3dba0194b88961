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
     * The registry no longer knows a blob upload session ({@code BLOB_UPLOAD_UNKNOWN}): it restarted during
     * the upload. (The {@code 400 DIGEST_INVALID} / {@code MANIFEST_BLOB_UNKNOWN} of two uploads of one blob
     * racing into one repository are no longer retried: the builder's push locks prevent that race.)
     */
    REGISTRY_UPLOAD_LOST,
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
