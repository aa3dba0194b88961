package dev.tagline.builder.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.http.ResponseException;
import dev.tagline.registry.ErrorCode;
import dev.tagline.registry.RegistryException;
import org.apache.kafka.common.errors.RetriableException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Decides whether a failure is transient (retry later, never a FAILED result) or permanent (a FAILED
 * result now), from what was thrown. Pure: no I/O, no state. The table is in the README
 * ("Failures") and in {@code FailureClassifierTest}.
 *
 * <p>Walks the cause chain; the first link that says something decides. Anything not recognised
 * is permanent, except a plain {@link IOException} (a broken stream: transient).
 */
public final class FailureClassifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FailureClassifier() {
    }

    /** Transient with a cause, or permanent ({@code cause == null}). */
    public record Verdict(RetryCause cause) {
        public static final Verdict PERMANENT = new Verdict(null);

        public static Verdict transientFailure(RetryCause cause) {
            return new Verdict(cause);
        }

        public boolean isTransient() {
            return cause != null;
        }
    }

    public static Verdict classify(Throwable thrown) {
        boolean sawIo = false;
        int depth = 0;
        for (Throwable t = thrown; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            Verdict v = decide(t);
            if (v != null) {
                return v;
            }
            sawIo |= t instanceof IOException;
        }
        return sawIo ? Verdict.transientFailure(RetryCause.IO) : Verdict.PERMANENT;
    }

    /** The verdict of an HTTP status and spec error code from a registry (0 = no answer). */
    public static Verdict ofRegistry(int status, ErrorCode code) {
        if (code == ErrorCode.BLOB_UPLOAD_UNKNOWN) {
            return Verdict.transientFailure(RetryCause.REGISTRY_UPLOAD_LOST);
        }
        if (status == 429 || code == ErrorCode.TOOMANYREQUESTS) {
            return Verdict.transientFailure(RetryCause.REGISTRY_RATE_LIMITED);
        }
        if (status >= 500 || code == ErrorCode.UNAVAILABLE || code == ErrorCode.SERVER_ERROR) {
            return Verdict.transientFailure(RetryCause.REGISTRY_SERVER_ERROR);
        }
        if (status == 0 && code == ErrorCode.CONNECTION_FAILED) {
            return Verdict.transientFailure(RetryCause.REGISTRY_UNREACHABLE);
        }
        return Verdict.PERMANENT;
    }

    /** null: this link of the chain says nothing, look at its cause. */
    private static Verdict decide(Throwable t) {
        if (t instanceof InterruptedException) {
            return Verdict.PERMANENT;
        }
        if (t instanceof RegistryException re) {
            if (re.code() == ErrorCode.CONNECTION_FAILED && re.getCause() instanceof InterruptedException) {
                return Verdict.PERMANENT;
            }
            return ofRegistry(re.status(), re.code());
        }
        if (t instanceof RegistryUnauthorizedException || t instanceof RegistryAuthenticationFailedException
                || t instanceof InsecureRegistryException) {
            return Verdict.PERMANENT;
        }
        if (t instanceof ResponseException re) {
            return ofRegistry(re.getStatusCode(), specCode(re.getContent()));
        }
        if (t instanceof org.eclipse.jgit.errors.TransportException || t instanceof org.eclipse.jgit.api.errors.TransportException) {
            return gitTransport(t.getMessage());
        }
        if (t instanceof RetriableException || t instanceof org.apache.kafka.common.errors.TimeoutException
                || t instanceof TimeoutException) {
            return Verdict.transientFailure(RetryCause.BROKER_UNAVAILABLE);
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                || t instanceof SocketTimeoutException || t instanceof HttpTimeoutException || t instanceof SocketException) {
            return Verdict.transientFailure(RetryCause.REGISTRY_UNREACHABLE);
        }
        return null;
    }

    /**
     * The first spec error code in a registry's error body ({@code {"errors":[{"code":"BLOB_UPLOAD_UNKNOWN",...}]}}),
     * as jib hands it over: {@link ErrorCode#UNKNOWN} when there is none. A blob upload lost in a registry
     * restart answers 404 {@code BLOB_UPLOAD_UNKNOWN} to jib's next upload request: transient, unlike a 404
     * {@code MANIFEST_UNKNOWN} or {@code NAME_UNKNOWN}.
     */
    public static ErrorCode specCode(String body) {
        if (body == null || body.isBlank()) {
            return ErrorCode.UNKNOWN;
        }
        try {
            for (JsonNode error : JSON.readTree(body).path("errors")) {
                ErrorCode code = ErrorCode.fromSpec(error.path("code").asText(null));
                if (code != ErrorCode.UNKNOWN) {
                    return code;
                }
            }
        } catch (IOException | RuntimeException notJson) {
            // an HTML error page, a proxy's answer: no spec code
        }
        return ErrorCode.UNKNOWN;
    }

    /** JGit says "not authorized", "not found" for what no retry fixes; anything else is the network. */
    private static Verdict gitTransport(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("not authorized") || m.contains("authentication is required") || m.contains("not found")
                || m.contains("does not appear to be a git repository") || m.contains("not permitted")) {
            return Verdict.PERMANENT;
        }
        return Verdict.transientFailure(RetryCause.GIT_UNREACHABLE);
    }
}
