package dev.tagline.registry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Answers auth challenges: remembers per registry whether it wants Basic or Bearer (and the realm),
 * fetches bearer tokens (anonymous or with the registry's credential), caches them per registry and
 * scope until shortly before expiry. Secrets only ever go into Authorization headers.
 */
final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private sealed interface Scheme permits Basic, Bearer {
    }

    private record Basic() implements Scheme {
    }

    private record Bearer(URI realm, String service) implements Scheme {
    }

    private final CredentialStore credentials;
    private final Transport transport;
    private final Clock clock;
    private final Map<String, Scheme> schemes = new ConcurrentHashMap<>();
    private final Map<String, BearerToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Predicate<String> insecure;

    /** @param insecure whether a registry is configured for plain HTTP (only then may its token realm be plain HTTP) */
    Authenticator(CredentialStore credentials, Transport transport, Clock clock, Predicate<String> insecure) {
        this.credentials = credentials;
        this.transport = transport;
        this.clock = clock;
        this.insecure = insecure;
    }

    /** The Authorization header to send before any challenge (from what this registry asked before), or null. */
    String preemptive(String host, String scope, String action) throws RegistryException, InterruptedException {
        Scheme s = schemes.get(host);
        if (s instanceof Basic) {
            return credential(host).map(RegistryCredential::basicAuthorization).orElse(null);
        }
        if (s instanceof Bearer b) {
            synchronized (lock(host, scope)) {
                BearerToken cached = tokens.get(key(host, scope));
                if (cached != null && cached.validAt(clock.instant())) {
                    return "Bearer " + cached.value();
                }
                return "Bearer " + fetch(host, b, List.of(scope), scope, action).value();
            }
        }
        return null;
    }

    /**
     * The Authorization header to retry with after a 401 carrying these challenges, or null when
     * there is nothing new to try (no usable challenge, Basic without credentials).
     */
    String afterChallenge(String host, String scope, List<AuthChallenge> challenges, String sentBefore, String action)
            throws RegistryException, InterruptedException {
        for (AuthChallenge c : challenges) {
            if (c.isBearer() && c.param("realm") != null) {
                URI realm = realm(c.param("realm"), action);
                if ("http".equalsIgnoreCase(realm.getScheme()) && !insecure.test(host)) {
                    throw new RegistryException(ErrorCode.INVALID_RESPONSE, 401, action, "the registry " + host
                            + " sends token requests to a plain-HTTP realm (" + realm.getAuthority()
                            + "); refused because the registry is not configured as insecure");
                }
                Bearer b = new Bearer(realm, c.param("service"));
                schemes.put(host, b);
                List<String> scopes = new ArrayList<>();
                String asked = c.param("scope");
                if (asked != null && !asked.isBlank()) {
                    for (String one : asked.trim().split(" +")) {
                        if (!scopes.contains(one)) {
                            scopes.add(one);
                        }
                    }
                }
                if (!scopes.contains(scope)) {
                    scopes.add(scope);
                }
                synchronized (lock(host, scope)) {
                    // another thread may have fetched a fresh token while this request was out
                    BearerToken cached = tokens.get(key(host, scope));
                    if (cached != null && cached.validAt(clock.instant()) && !("Bearer " + cached.value()).equals(sentBefore)) {
                        return "Bearer " + cached.value();
                    }
                    String header = "Bearer " + fetch(host, b, scopes, scope, action).value();
                    return header.equals(sentBefore) ? null : header;
                }
            }
        }
        for (AuthChallenge c : challenges) {
            if (c.isBasic()) {
                schemes.put(host, new Basic());
                Optional<RegistryCredential> cred = credential(host);
                if (cred.isEmpty()) {
                    return null;
                }
                String header = cred.get().basicAuthorization();
                return header.equals(sentBefore) ? null : header;
            }
        }
        return null;
    }

    boolean hasCredential(String host) {
        return credential(host).isPresent();
    }

    private Optional<RegistryCredential> credential(String host) {
        return credentials.forRegistry(host);
    }

    private BearerToken fetch(String host, Bearer b, List<String> scopes, String cacheScope, String action)
            throws RegistryException, InterruptedException {
        RegistryCredential cred = credential(host).orElse(null);
        HttpCall call = BearerToken.request(b.realm(), b.service(), scopes, cred);
        String what = action + " (token from " + b.realm().getScheme() + "://" + b.realm().getAuthority() + b.realm().getPath() + ")";
        HttpAnswer a;
        try {
            a = transport.send(call);
        } catch (IOException e) {
            throw new RegistryException(ErrorCode.CONNECTION_FAILED, 0, what, "token endpoint unreachable: " + e.getClass().getSimpleName(),
                    true, null);
        }
        LOG.debug("token {} {} -> {}", call.method(), b.realm(), a.status());
        if (a.status() == 401 || a.status() == 403) {
            throw new RegistryException(a.status() == 401 ? ErrorCode.UNAUTHORIZED : ErrorCode.DENIED, a.status(), what,
                    cred == null ? "token endpoint refused anonymous access; no credentials configured for " + host
                            : "token endpoint rejected the credentials configured for " + host);
        }
        if (!a.isSuccess()) {
            ErrorBodies.Parsed p = ErrorBodies.parse(a.body());
            throw new RegistryException(p.code() == ErrorCode.UNKNOWN ? ErrorBodies.codeForStatus(a.status()) : p.code(),
                    a.status(), what, "token endpoint: " + p.detail());
        }
        try {
            BearerToken t = BearerToken.parse(a.body(), clock.instant());
            tokens.put(key(host, cacheScope), t);
            return t;
        } catch (IllegalArgumentException e) {
            throw new RegistryException(ErrorCode.INVALID_RESPONSE, a.status(), what, e.getMessage());
        }
    }

    private static URI realm(String value, String action) throws RegistryException {
        try {
            URI u = new URI(value);
            if (u.isAbsolute() && ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null) {
                return u;
            }
        } catch (java.net.URISyntaxException e) {
            // fall through
        }
        throw new RegistryException(ErrorCode.INVALID_RESPONSE, 401, action, "bearer challenge realm is not an http(s) URL: " + value);
    }

    /** One token fetch at a time per registry and scope: concurrent requests wait for it instead of fetching their own. */
    private Object lock(String host, String scope) {
        return locks.computeIfAbsent(key(host, scope), k -> new Object());
    }

    private static String key(String host, String scope) {
        return host + "|" + scope;
    }
}
