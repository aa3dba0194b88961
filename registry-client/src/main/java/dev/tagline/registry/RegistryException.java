package dev.tagline.registry;

/**
 * The one checked failure of {@link RegistryClient}: a spec (or client-detected) error code, the HTTP
 * status (0 when there was no answer), what was being done ("deleting manifest sha256:... of
 * 127.0.0.1:5000/acme/shop") and whether retrying later may help. Never carries a secret.
 */
public class RegistryException extends Exception {
    private final ErrorCode code;
    private final int status;
    private final String action;
    private final boolean transientFailure;

    public RegistryException(ErrorCode code, int status, String action, String detail) {
        this(code, status, action, detail, isTransient(code, status), null);
    }

    public RegistryException(ErrorCode code, int status, String action, String detail, boolean transientFailure, Throwable cause) {
        super(message(code, status, action, detail), cause);
        this.code = code;
        this.status = status;
        this.action = action;
        this.transientFailure = transientFailure;
    }

    private static String message(ErrorCode code, int status, String action, String detail) {
        StringBuilder sb = new StringBuilder(action).append(" failed: ").append(code);
        if (status > 0) {
            sb.append(" (HTTP ").append(status).append(')');
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    /** The statuses and codes {@link RetryPolicy} retries: 429, 500, 502, 503, 504, connection failures. */
    static boolean isTransient(ErrorCode code, int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504
                || code == ErrorCode.CONNECTION_FAILED || code == ErrorCode.TOOMANYREQUESTS || code == ErrorCode.UNAVAILABLE;
    }

    public ErrorCode code() {
        return code;
    }

    /** The HTTP status of the final answer, 0 when none came. */
    public int status() {
        return status;
    }

    /** What the client was doing, e.g. "listing tags of 127.0.0.1:5000/acme/shop". */
    public String action() {
        return action;
    }

    /** Connection errors, 429, 500, 502, 503, 504: retrying later may succeed. */
    public boolean transientFailure() {
        return transientFailure;
    }
}
