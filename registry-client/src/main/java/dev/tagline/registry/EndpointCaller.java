package dev.tagline.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Owns the HTTP side of every endpoint: authorization (pre-emptive from what the registry asked
 * before, else answering a 401 challenge once), redirects (GET/HEAD only, Authorization dropped on
 * another host, at most 5), and retries of transient failures under the {@link RetryPolicy}.
 */
record EndpointCaller(Transport transport, Authenticator auth, RetryPolicy retry, EndpointCaller.Sleeper sleeper, Clock clock) {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointCaller.class);
    private static final int MAX_REDIRECTS = 5;

    /** Waits between attempts; a test replaces it to run without sleeping. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    <T> T call(Endpoint<T> endpoint) throws RegistryException {
        String host = endpoint.repository().registry();
        RegistryException last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            Duration retryAfter = null;
            try {
                HttpAnswer a = sendAuthorized(endpoint, host);
                if (a.status() == 401) {
                    throw unauthorized(endpoint, host, a);
                }
                if (isTransientStatus(a.status()) && attempt < retry.maxAttempts()) {
                    retryAfter = retryAfter(a);
                    last = ErrorBodies.toException(endpoint.actionDescription(), a);
                    LOG.debug("{}: HTTP {}, retrying (attempt {}/{})", endpoint.actionDescription(), a.status(), attempt, retry.maxAttempts());
                } else {
                    return endpoint.handle(a);
                }
            } catch (Transport.BodyTooLargeException e) {
                throw new RegistryException(ErrorCode.TOO_LARGE, 0, endpoint.actionDescription(), e.getMessage(), false, null);
            } catch (IOException e) {
                last = new RegistryException(ErrorCode.CONNECTION_FAILED, 0, endpoint.actionDescription(),
                        "cannot reach " + host + ": " + describe(e), true, e);
                LOG.debug("{}: {}, retrying (attempt {}/{})", endpoint.actionDescription(), describe(e), attempt, retry.maxAttempts());
            } catch (RegistryException e) {
                if (!e.transientFailure()) {
                    throw e;
                }
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(ErrorCode.CONNECTION_FAILED, 0, endpoint.actionDescription(), "interrupted", false, e);
            }
            if (attempt < retry.maxAttempts()) {
                try {
                    sleeper.sleep(retry.backoff(attempt, retryAfter));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RegistryException(ErrorCode.CONNECTION_FAILED, 0, endpoint.actionDescription(), "interrupted", false, e);
                }
            }
        }
        throw Objects.requireNonNull(last);
    }

    private <T> HttpAnswer sendAuthorized(Endpoint<T> endpoint, String host)
            throws IOException, InterruptedException, RegistryException {
        String header = auth.preemptive(host, endpoint.scope(), endpoint.actionDescription());
        HttpAnswer a = send(endpoint.toCall(), header);
        if (a.status() == 401) {
            String retryHeader = auth.afterChallenge(host, endpoint.scope(),
                    AuthChallenge.parseAll(a.headerValues("WWW-Authenticate")), header, endpoint.actionDescription());
            if (retryHeader != null) {
                a = send(endpoint.toCall(), retryHeader);
            }
        }
        return a;
    }

    /** Sends, following redirects for GET and HEAD; Authorization only goes to the registry's own host. */
    private HttpAnswer send(HttpCall call, String authorization) throws IOException, InterruptedException {
        String registryHost = hostOf(call.uri());
        HttpCall current = call.withHeader("Authorization", authorization);
        for (int hop = 0; ; hop++) {
            HttpAnswer a = transport.send(current);
            LOG.debug("{} {} -> {}", current.method(), current.uri(), a.status());
            boolean redirect = a.status() == 301 || a.status() == 302 || a.status() == 303 || a.status() == 307 || a.status() == 308;
            if (!redirect || !(call.method().equals("GET") || call.method().equals("HEAD")) || a.header("Location").isEmpty()) {
                return a;
            }
            if (hop >= MAX_REDIRECTS) {
                throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + call.uri());
            }
            URI next = current.uri().resolve(a.header("Location").get());
            current = current.withUri(next).withHeader("Authorization", registryHost.equals(hostOf(next)) ? authorization : null);
        }
    }

    private RegistryException unauthorized(Endpoint<?> endpoint, String host, HttpAnswer a) {
        ErrorBodies.Parsed p = ErrorBodies.parse(a.body());
        boolean insufficientScope = AuthChallenge.parseAll(a.headerValues("WWW-Authenticate")).stream()
                .anyMatch(c -> "insufficient_scope".equals(c.param("error")));
        if (insufficientScope && auth.hasCredential(host)) {
            return new RegistryException(ErrorCode.DENIED, 401, endpoint.actionDescription(),
                    "the credentials configured for " + host + " do not grant " + endpoint.scope());
        }
        String why = auth.hasCredential(host)
                ? "the registry rejected the credentials configured for " + host
                : "the registry needs credentials and none are configured for " + host
                + " (set " + EnvCredentials.prefixFor(host) + "USERNAME/_PASSWORD or a Docker config.json)";
        return new RegistryException(ErrorCode.UNAUTHORIZED, 401, endpoint.actionDescription(),
                why + (p.detail().isEmpty() ? "" : " [" + p.detail() + "]"));
    }

    static boolean isTransientStatus(int status) {
        return RegistryException.isTransient(null, status);
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    Duration retryAfter(HttpAnswer a) {
        String v = a.header("Retry-After").orElse(null);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long s = Long.parseLong(v.trim());
            return s < 0 ? null : Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(clock.instant(), ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static String hostOf(URI uri) {
        return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
    }
}
