package dev.tagline.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * An HTTP proxy on 127.0.0.1 in front of a registry that fails some requests on purpose, as a flaky load balancer
 * does: {@link Fault#REFUSE} answers 503 without forwarding (nothing happened), {@link Fault#LOSE_ANSWER} forwards the
 * request and answers 502 instead of the registry's answer (it happened, the client does not know). Which request gets
 * which fault is decided by its number (1-based, in arrival order), so a test is repeatable. {@code Location} headers
 * that point at the registry are rewritten to point at the proxy.
 */
public final class FlakyProxy implements AutoCloseable {
    /** What happens to one request. */
    public enum Fault { NONE, REFUSE, LOSE_ANSWER }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "http2-settings");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "flaky-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger lost = new AtomicInteger();
    private final Queue<String> requestLines = new ConcurrentLinkedQueue<>();
    private final IntFunction<Fault> faults;

    private FlakyProxy(String targetHostPort, IntFunction<Fault> faults) throws IOException {
        this.target = targetHostPort;
        this.faults = faults;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** A proxy to {@code http://targetHostPort}, each request's fault chosen by {@code faults} from its number. */
    public static FlakyProxy start(String targetHostPort, IntFunction<Fault> faults) throws IOException {
        return new FlakyProxy(targetHostPort, faults);
    }

    /** {@code 127.0.0.1:port} of the proxy. */
    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int requests() {
        return requests.get();
    }

    public int refused() {
        return refused.get();
    }

    public int lostAnswers() {
        return lost.get();
    }

    /** Every request so far as {@code METHOD /path?query}, in arrival order: what a client asked of the registry. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requestLines.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            Fault fault = faults.apply(requests.incrementAndGet());
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (fault == Fault.REFUSE) {
                refused.incrementAndGet();
                answer(exchange, 503, Map.of("Content-Type", List.of("text/plain")), "flaky proxy: refused".getBytes());
                return;
            }
            HttpResponse<byte[]> forwarded;
            try {
                forwarded = client.send(forward(exchange, body), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer(exchange, 502, Map.of(), new byte[0]);
                return;
            }
            if (fault == Fault.LOSE_ANSWER) {
                lost.incrementAndGet();
                answer(exchange, 502, Map.of("Content-Type", List.of("text/plain")), "flaky proxy: answer lost".getBytes());
                return;
            }
            answer(exchange, forwarded.statusCode(), forwarded.headers().map(), forwarded.body());
        }
    }

    private HttpRequest forward(HttpExchange exchange, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + target + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b.build();
    }

    private void answer(HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body) throws IOException {
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals(":status") || NOT_FORWARDED.contains(lower) || lower.equals("date")) {
                return;
            }
            for (String v : values) {
                exchange.getResponseHeaders().add(name, lower.equals("location") ? v.replace(target, hostPort()) : v);
            }
        });
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        if (head || status == 204 || status == 304 || body.length == 0) {
            if (head) {
                // the registry's answer: HttpClient's header map ignores case
                headers.getOrDefault("content-length", List.of()).forEach(v -> exchange.getResponseHeaders().set("Content-Length", v));
            }
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
