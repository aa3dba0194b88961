package dev.tagline.builder.steps;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.http.ResponseException;
import dev.tagline.builder.failure.FailureClassifier;
import dev.tagline.registry.ErrorCode;
import dev.tagline.registry.RegistryException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what jib-core and the registry client throw into a {@link BuildFailure} with a clear message;
 * whether it is transient is {@link dev.tagline.builder.failure.FailureClassifier}'s decision.
 */
final class Failures {
    private Failures() {
    }

    static BuildFailure classify(BuildFailure.Stage stage, String action, Throwable thrown) {
        Throwable t = unwrap(thrown);
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BuildFailure f) {
                return f;
            }
            if (c instanceof RegistryException re) {
                return new BuildFailure(stage, re.getMessage(), re.transientFailure(), re);
            }
            if (c instanceof RegistryUnauthorizedException ue) {
                return new BuildFailure(stage, action + " failed: the registry refused access to " + ue.getImageReference()
                        + " (unauthorized: HTTP 401/403); configure credentials for it (Docker config.json or TAGLINE_REGISTRY_<HOST>_USERNAME/_PASSWORD)",
                        false, null);
            }
            if (c instanceof RegistryAuthenticationFailedException ae) {
                return new BuildFailure(stage, action + " failed: authentication with the registry failed: "
                        + firstLine(ae.getMessage()), false, null);
            }
            if (c instanceof InsecureRegistryException) {
                return new BuildFailure(stage, action + " failed: the registry does not speak HTTPS; allow plain HTTP for it with "
                        + "tagline.builder.insecure-registries", false, null);
            }
            if (c instanceof ResponseException re) {
                int status = re.getStatusCode();
                if (status == 401 || status == 403) {
                    return new BuildFailure(stage, action + " failed: the registry refused access (HTTP " + status
                            + "); configure credentials for it", false, null);
                }
                ErrorCode code = FailureClassifier.specCode(re.getContent());
                return new BuildFailure(stage, action + " failed: the registry answered HTTP " + status
                        + (code == ErrorCode.UNKNOWN ? "" : " " + code), false, re);
            }
            if (c instanceof ConnectException || c instanceof SocketTimeoutException || c instanceof HttpTimeoutException) {
                return new BuildFailure(stage, action + " failed: cannot reach the registry: " + firstLine(c.getMessage()), true, c);
            }
        }
        return new BuildFailure(stage, action + " failed: " + t.getClass().getSimpleName() + ": " + firstLine(t.getMessage()), false, t);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t.getClass() == RuntimeException.class) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        String s = nl < 0 ? message : message.substring(0, nl);
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }
}
