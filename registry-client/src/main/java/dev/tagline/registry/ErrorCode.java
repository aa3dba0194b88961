package dev.tagline.registry;

import java.util.Locale;

/**
 * Why a registry call failed: the error codes of the OCI distribution spec (and Docker's extras),
 * then codes for failures the client itself detects.
 */
public enum ErrorCode {
    // OCI distribution spec
    BLOB_UNKNOWN,
    BLOB_UPLOAD_INVALID,
    BLOB_UPLOAD_UNKNOWN,
    DIGEST_INVALID,
    MANIFEST_BLOB_UNKNOWN,
    MANIFEST_INVALID,
    MANIFEST_UNKNOWN,
    NAME_INVALID,
    NAME_UNKNOWN,
    SIZE_INVALID,
    UNAUTHORIZED,
    DENIED,
    UNSUPPORTED,
    TOOMANYREQUESTS,
    // Docker Distribution extras
    MANIFEST_UNVERIFIED,
    TAG_INVALID,
    PAGINATION_NUMBER_INVALID,
    UNAVAILABLE,
    // Detected by the client
    /** The registry refuses deletes (405 or UNSUPPORTED on DELETE): Distribution without storage.delete.enabled. */
    DELETE_DISABLED,
    /** tags/list paging is broken: a loop, a page repeated, a next page on another host. */
    PAGINATION_BROKEN,
    /** The answer cannot be used: bad JSON, unexpected status, a digest that does not match the bytes. */
    INVALID_RESPONSE,
    /** A body larger than the caller's limit. */
    TOO_LARGE,
    /** Could not reach the registry (connect, TLS, timeout, interrupted). */
    CONNECTION_FAILED,
    /** A 5xx with no spec code. */
    SERVER_ERROR,
    /** A code this client does not know (kept in the message). */
    UNKNOWN;

    /** The enum for a code string from an error body; {@link #UNKNOWN} when not known. */
    public static ErrorCode fromSpec(String code) {
        if (code == null || code.isBlank()) {
            return UNKNOWN;
        }
        try {
            return valueOf(code.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
