package dev.tagline.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tagline.testkit.LocalRegistry;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Distribution 2.8 with token auth ({@code auth.token}) and a small token server on the JDK's
 * HttpServer that issues RS256 JWTs signed by a throw-away key (x5c header, its self-signed
 * certificate is the registry's root bundle). Users: {@code alice}/{@link #PASSWORD} gets every action
 * asked for, {@code reader}/{@link #PASSWORD} only pull; refresh token {@link #REFRESH_TOKEN} acts as alice.
 */
final class TokenAuthRegistry implements AutoCloseable {
    static final String PASSWORD = "t0ken-test-Secret";
    static final String REFRESH_TOKEN = "refresh-" + UUID.randomUUID();
    static final String SERVICE = "tagline-test";
    static final String ISSUER = "tagline-test-issuer";

    private final Path dir;
    private final HttpServer tokenServer;
    private LocalRegistry registry;
    private final PrivateKey key;
    private final String x5c;
    final List<String> tokenRequests = Collections.synchronizedList(new ArrayList<>());
    volatile long expiresInSeconds = 300;

    private TokenAuthRegistry(Path dir, HttpServer tokenServer, PrivateKey key, String x5c) {
        this.dir = dir;
        this.tokenServer = tokenServer;
        this.key = key;
        this.x5c = x5c;
    }

    static TokenAuthRegistry start() throws Exception {
        Path dir = Files.createTempDirectory("tagline-token-registry-");
        Path ks = dir.resolve("signer.p12");
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-keyalg", "RSA", "-keysize", "2048",
                "-alias", "signer", "-dname", "CN=tagline-test-token-signer", "-validity", "3",
                "-ext", "KeyUsage=digitalSignature,keyCertSign", "-ext", "BasicConstraints=ca:true",
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("signer", "changeit".toCharArray());
        X509Certificate cert = (X509Certificate) store.getCertificate("signer");
        Path pem = dir.resolve("root.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String realm = "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
        TokenAuthRegistry r = new TokenAuthRegistry(dir, server, key, Base64.getEncoder().encodeToString(cert.getEncoded()));
        server.createContext("/token", r::token);
        server.start();
        try {
            r.registry = LocalRegistry.builder().tokenAuth(realm, SERVICE, ISSUER, pem).start();
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        return r;
    }

    String hostPort() {
        return registry.hostPort();
    }

    /** How many token requests were exactly {@code "<METHOD> <subject> <scopes>"}. */
    long tokenRequests(String exact) {
        synchronized (tokenRequests) {
            return tokenRequests.stream().filter(s -> s.equals(exact)).count();
        }
    }

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            parseForm(ex.getRequestURI().getRawQuery(), params);
            String subject = null;
            if (ex.getRequestMethod().equals("POST")) {
                parseForm(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
                if ("refresh_token".equals(first(params, "grant_type")) && REFRESH_TOKEN.equals(first(params, "refresh_token"))) {
                    subject = "alice";
                }
            } else {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (auth != null && auth.startsWith("Basic ")) {
                    String[] up = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).split(":", 2);
                    if (up.length == 2 && PASSWORD.equals(up[1]) && (up[0].equals("alice") || up[0].equals("reader"))) {
                        subject = up[0];
                    }
                }
            }
            List<String> scopes = new ArrayList<>();
            for (String s : params.getOrDefault("scope", List.of())) {
                scopes.addAll(List.of(s.split(" ")));
            }
            tokenRequests.add(ex.getRequestMethod() + " " + (subject == null ? "anonymous" : subject) + " " + String.join(" ", scopes));
            if (subject == null || !SERVICE.equals(first(params, "service"))) {
                send(ex, 401, "{\"details\":\"invalid credentials\"}");
                return;
            }
            String jwt = jwt(subject, scopes);
            send(ex, 200, "{\"token\":\"" + jwt + "\",\"access_token\":\"" + jwt + "\",\"expires_in\":" + expiresInSeconds + "}");
        } catch (Exception e) {
            send(ex, 500, "{\"details\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    private String jwt(String subject, List<String> scopes) throws Exception {
        long now = Instant.now().getEpochSecond();
        StringBuilder access = new StringBuilder();
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length != 3) {
                continue;
            }
            List<String> actions = new ArrayList<>();
            for (String a : parts[2].split(",")) {
                if (subject.equals("alice") || a.equals("pull")) {
                    actions.add("\"" + a + "\"");
                }
            }
            access.append(access.length() == 0 ? "" : ",").append("{\"type\":\"").append(parts[0]).append("\",\"name\":\"")
                    .append(parts[1]).append("\",\"actions\":[").append(String.join(",", actions)).append("]}");
        }
        String header = "{\"typ\":\"JWT\",\"alg\":\"RS256\",\"x5c\":[\"" + x5c + "\"]}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + subject + "\",\"aud\":\"" + SERVICE + "\",\"exp\":" + (now + 600)
                + ",\"nbf\":" + (now - 10) + ",\"iat\":" + (now - 10) + ",\"jti\":\"" + UUID.randomUUID() + "\",\"access\":[" + access + "]}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(key);
        sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(sig.sign());
    }

    private static void parseForm(String raw, Map<String, List<String>> into) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> v = params.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() {
        tokenServer.stop(0);
        if (registry != null) {
            registry.close();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // temp dir
        }
    }
}
