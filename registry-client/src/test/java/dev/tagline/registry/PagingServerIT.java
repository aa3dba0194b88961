package dev.tagline.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Paging and retries over a real socket, against registries Distribution 2.8 cannot play: one that
 * pages properly with Link headers, one that loops, one that links to another host, one that fails
 * transiently. Each is a JDK HttpServer on 127.0.0.1.
 */
class PagingServerIT {
    private static final int TOTAL = 2500;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static List<String> allTags() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < TOTAL; i++) {
            tags.add(String.format("v%05d", i));
        }
        return tags;
    }

    /** Starts a server whose tags/list answer is computed from the query parameters; returns the repository. */
    private ImageRepository serve(Function<Map<String, String>, Answer> tagsList) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/", ex -> {
            try (ex) {
                requests.incrementAndGet();
                Answer a = tagsList.apply(query(ex));
                a.headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
                byte[] body = a.body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(a.status, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
        return ImageRepository.parse("127.0.0.1:" + server.getAddress().getPort() + "/paged/app");
    }

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String p : raw.split("&")) {
                int eq = p.indexOf('=');
                q.put(p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static String json(List<String> tags) {
        return "{\"name\":\"paged/app\",\"tags\":[" + String.join(",", tags.stream().map(t -> "\"" + t + "\"").toList()) + "]}";
    }

    /** A spec-conforming server: at most n tags after last, a Link to the next page while there are more. */
    private static Answer conforming(Map<String, String> q) {
        int n = Integer.parseInt(q.getOrDefault("n", "100"));
        String last = q.get("last");
        List<String> after = allTags().stream().filter(t -> last == null || t.compareTo(last) > 0).toList();
        List<String> page = after.subList(0, Math.min(n, after.size()));
        Map<String, String> headers = new HashMap<>();
        if (after.size() > n) {
            headers.put("Link", "</v2/paged/app/tags/list?n=" + n + "&last=" + page.get(page.size() - 1) + ">; rel=\"next\"");
        }
        return new Answer(200, headers, json(page));
    }

    private RegistryClient client(ImageRepository repo, int pageSize) {
        return RegistryClient.builder().insecureRegistries(Set.of(repo.registry())).pageSize(pageSize)
                .retry(new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5))).build();
    }

    @Test
    void linkHeaderPagesAreAllFollowed() throws Exception {
        ImageRepository repo = serve(PagingServerIT::conforming);
        try (RegistryClient c = client(repo, 1000)) {
            List<ImageTag> tags = c.listTags(repo);
            assertEquals(TOTAL, tags.size());
            assertEquals(allTags(), tags.stream().map(ImageTag::value).toList());
            assertEquals(3, requests.get());
        }
    }

    @Test
    void nAndLastArePagedWithoutLinkHeaders() throws Exception {
        ImageRepository repo = serve(q -> {
            Answer a = conforming(q);
            return new Answer(a.status, Map.of(), a.body); // same pages, no Link header
        });
        try (RegistryClient c = client(repo, 300)) {
            assertEquals(TOTAL, c.listTags(repo).size());
            assertEquals(9, requests.get(), "8 full pages of 300 and a last one of 100");
        }
    }

    @Test
    void aServerHonouringNButIgnoringLastFailsClosed() throws Exception {
        ImageRepository repo = serve(q -> new Answer(200, Map.of(), conforming(Map.of("n", q.getOrDefault("n", "100"))).body));
        try (RegistryClient c = client(repo, 300)) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.listTags(repo));
            assertEquals(ErrorCode.PAGINATION_BROKEN, e.code());
            assertTrue(e.getMessage().contains("ignores last"), e.getMessage());
            assertEquals(3, requests.get(), "first page, the same page again for last=, then the n+1 probe");
        }
    }

    @Test
    void aLinkedPageThatRepeatsFailsClosed() throws Exception {
        ImageRepository repo = serve(q -> conforming(Map.of("n", q.getOrDefault("n", "100"))));
        try (RegistryClient c = client(repo, 300)) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.listTags(repo));
            assertEquals(ErrorCode.PAGINATION_BROKEN, e.code());
            assertTrue(e.getMessage().contains("repeats the previous page"), e.getMessage());
        }
    }

    @Test
    void aLinkThatLoopsFailsClosed() throws Exception {
        ImageRepository repo = serve(q -> {
            boolean second = q.containsKey("last");
            return new Answer(200, Map.of("Link", second ? "</v2/paged/app/tags/list?n=2>; rel=\"next\""
                    : "</v2/paged/app/tags/list?n=2&last=b>; rel=\"next\""), json(second ? List.of("c", "d") : List.of("a", "b")));
        });
        try (RegistryClient c = client(repo, 2)) {
            assertEquals(ErrorCode.PAGINATION_BROKEN, assertThrows(RegistryException.class, () -> c.listTags(repo)).code());
        }
    }

    @Test
    void aLinkToAnotherHostIsNotFollowed() throws Exception {
        ImageRepository repo = serve(q -> new Answer(200, Map.of("Link", "<http://127.0.0.2:1/v2/paged/app/tags/list?last=b>; rel=\"next\""),
                json(List.of("a", "b"))));
        try (RegistryClient c = client(repo, 2)) {
            RegistryException e = assertThrows(RegistryException.class, () -> c.listTags(repo));
            assertTrue(e.getMessage().contains("another host"), e.getMessage());
            assertEquals(1, requests.get());
        }
    }

    @Test
    void transientFailuresAreRetriedOverTheWire() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ImageRepository repo = serve(q -> switch (calls.incrementAndGet()) {
            case 1 -> new Answer(503, Map.of(), "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"try later\"}]}");
            case 2 -> new Answer(429, Map.of("Retry-After", "0"), "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}");
            default -> conforming(q);
        });
        try (RegistryClient c = client(repo, 1000)) {
            assertEquals(TOTAL, c.listTags(repo).size());
        }
        assertEquals(5, calls.get(), "two failures, then three pages");
    }
}
