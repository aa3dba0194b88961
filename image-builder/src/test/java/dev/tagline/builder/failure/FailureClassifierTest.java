package dev.tagline.builder.failure;

import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpResponseException;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.http.ResponseException;
import dev.tagline.builder.steps.BuildFailure;
import dev.tagline.registry.ErrorCode;
import dev.tagline.registry.RegistryException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The README's failure table, row by row: what was thrown, and whether (and why) it is retried. */
class FailureClassifierTest {
    private static final RetryCause PERMANENT = null;

    static Stream<Arguments> table() throws Exception {
        return Stream.of(
                // registry: connection refused / reset / timeout
                arguments("connection refused", new ConnectException("Connection refused"), RetryCause.REGISTRY_UNREACHABLE),
                arguments("connection reset", new SocketException("Connection reset"), RetryCause.REGISTRY_UNREACHABLE),
                arguments("read timeout", new SocketTimeoutException("Read timed out"), RetryCause.REGISTRY_UNREACHABLE),
                arguments("http client timeout", new HttpTimeoutException("request timed out"), RetryCause.REGISTRY_UNREACHABLE),
                arguments("host unknown (DNS)", new UnknownHostException("registry.example.com"), RetryCause.REGISTRY_UNREACHABLE),
                arguments("registry client: unreachable", registry(ErrorCode.CONNECTION_FAILED, 0, new ConnectException()),
                        RetryCause.REGISTRY_UNREACHABLE),
                arguments("jib, wrapped twice", new RuntimeException(new ExecutionException(new ConnectException("refused"))),
                        RetryCause.REGISTRY_UNREACHABLE),
                // registry: 5xx and 429
                arguments("500", registry(ErrorCode.SERVER_ERROR, 500, null), RetryCause.REGISTRY_SERVER_ERROR),
                arguments("502", registry(ErrorCode.UNKNOWN, 502, null), RetryCause.REGISTRY_SERVER_ERROR),
                arguments("503 UNAVAILABLE", registry(ErrorCode.UNAVAILABLE, 503, null), RetryCause.REGISTRY_SERVER_ERROR),
                arguments("429", registry(ErrorCode.TOOMANYREQUESTS, 429, null), RetryCause.REGISTRY_RATE_LIMITED),
                // issue 14: the 400s of two uploads of one blob racing into one repository cannot happen any more
                // (PushLocks); should one come, it is a bug to see, not to retry
                arguments("400 DIGEST_INVALID", registry(ErrorCode.DIGEST_INVALID, 400, null), PERMANENT),
                arguments("400 MANIFEST_BLOB_UNKNOWN", registry(ErrorCode.MANIFEST_BLOB_UNKNOWN, 400, null), PERMANENT),
                arguments("404 BLOB_UPLOAD_UNKNOWN (upload lost in a restart)", registry(ErrorCode.BLOB_UPLOAD_UNKNOWN, 404, null),
                        RetryCause.REGISTRY_UPLOAD_LOST),
                arguments("jib: 404 BLOB_UPLOAD_UNKNOWN (its upload lost in a registry restart)",
                        new ExecutionException(jib(404, "{\"errors\":[{\"code\":\"BLOB_UPLOAD_UNKNOWN\",\"message\":\"blob upload unknown to registry\"}]}")),
                        RetryCause.REGISTRY_UPLOAD_LOST),
                arguments("jib: 503", jib(503, ""), RetryCause.REGISTRY_SERVER_ERROR),
                // registry: permanent
                arguments("jib: 404 MANIFEST_UNKNOWN", jib(404, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}"), PERMANENT),
                arguments("jib: 404 without a spec body", jib(404, "<html>not found</html>"), PERMANENT),
                arguments("401", registry(ErrorCode.UNAUTHORIZED, 401, null), PERMANENT),
                arguments("403", registry(ErrorCode.DENIED, 403, null), PERMANENT),
                arguments("missing base image: 404 MANIFEST_UNKNOWN", registry(ErrorCode.MANIFEST_UNKNOWN, 404, null), PERMANENT),
                arguments("missing repository: 404 NAME_UNKNOWN", registry(ErrorCode.NAME_UNKNOWN, 404, null), PERMANENT),
                arguments("400 MANIFEST_INVALID", registry(ErrorCode.MANIFEST_INVALID, 400, null), PERMANENT),
                arguments("400 NAME_INVALID", registry(ErrorCode.NAME_INVALID, 400, null), PERMANENT),
                arguments("jib: authentication failed", new RegistryAuthenticationFailedException("r", "i", "bad token"), PERMANENT),
                arguments("jib: registry without https", new InsecureRegistryException(new URL("https://r/v2/"), new IOException()),
                        PERMANENT),
                arguments("cancelled (interrupted)", registry(ErrorCode.CONNECTION_FAILED, 0, new InterruptedException()), PERMANENT),
                // git
                arguments("git remote unreachable",
                        new org.eclipse.jgit.api.errors.TransportException("http://git/x.git: connection refused", null),
                        RetryCause.GIT_UNREACHABLE),
                arguments("git: not authorized", new org.eclipse.jgit.errors.TransportException("http://git/x.git: not authorized"),
                        PERMANENT),
                arguments("git: repository not found",
                        new org.eclipse.jgit.api.errors.TransportException("http://git/x.git: repository not found", null), PERMANENT),
                // broker
                arguments("kafka timeout", new TimeoutException("Topic not present in metadata after 10000 ms"),
                        RetryCause.BROKER_UNAVAILABLE),
                arguments("kafka network", new NetworkException("disconnected"), RetryCause.BROKER_UNAVAILABLE),
                arguments("publish wrapped by micronaut", new IllegalStateException(new ExecutionException(new TimeoutException("x"))),
                        RetryCause.BROKER_UNAVAILABLE),
                // everything else
                arguments("a broken stream", new IOException("Premature EOF"), RetryCause.IO),
                arguments("invalid input", new IllegalArgumentException("not an image reference"), PERMANENT),
                arguments("a bug", new NullPointerException(), PERMANENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifies(String what, Throwable thrown, RetryCause expected) {
        FailureClassifier.Verdict v = FailureClassifier.classify(thrown);
        assertEquals(expected, v.cause(), what);
        assertEquals(expected != null, v.isTransient(), what);
    }

    static Stream<Arguments> stepFailures() {
        return Stream.of(
                arguments("build command exit 1", BuildFailure.permanent(BuildFailure.Stage.COMMAND, "exit 1"), PERMANENT),
                arguments("bad recipe", BuildFailure.permanent(BuildFailure.Stage.RECIPE, "layer 'app': source missing"), PERMANENT),
                arguments("registry 503 in a step",
                        new BuildFailure(BuildFailure.Stage.PUSH, "x", false, registry(ErrorCode.UNAVAILABLE, 503, null)),
                        RetryCause.REGISTRY_SERVER_ERROR),
                arguments("the cause decides over the hint",
                        new BuildFailure(BuildFailure.Stage.PUSH, "x", true, registry(ErrorCode.DENIED, 403, null)), PERMANENT),
                arguments("no cause: the hint and the stage", new BuildFailure(BuildFailure.Stage.FETCH, "x", true, null),
                        RetryCause.GIT_UNREACHABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepFailures")
    void buildFailuresCarryTheVerdict(String what, BuildFailure failure, RetryCause expected) {
        assertEquals(expected, failure.retryCause(), what);
        assertEquals(expected != null, failure.transientFailure(), what);
    }

    /** jib's own exception for an HTTP error answer (its constructor is package-private). */
    private static ResponseException jib(int status, String body) {
        HttpResponseException http = new HttpResponseException.Builder(status, "status " + status, new HttpHeaders()).setContent(body).build();
        try {
            Constructor<ResponseException> c = ResponseException.class.getDeclaredConstructor(HttpResponseException.class, boolean.class);
            c.setAccessible(true);
            return c.newInstance(http, false);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RegistryException registry(ErrorCode code, int status, Throwable cause) {
        return new RegistryException(code, status, "pushing 127.0.0.1:5000/acme/app", "detail", false, cause);
    }
}
