package dev.tagline.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@link Transport} on the JDK's HTTP client: HTTP/1.1, no redirects (the caller follows them), bounded bodies. */
final class JdkTransport implements Transport {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpClient client;
    private final Duration requestTimeout;
    private final String userAgent;

    JdkTransport(Duration connectTimeout, Duration requestTimeout, String userAgent) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
        this.requestTimeout = requestTimeout;
        this.userAgent = userAgent;
    }

    @Override
    public HttpAnswer send(HttpCall call) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher;
        if (call.stream() != null) {
            BlobSource source = call.stream();
            publisher = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                try {
                    return source.open();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }), source.size());
        } else {
            publisher = call.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(call.body());
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(call.uri())
                .timeout(requestTimeout)
                .method(call.method(), publisher)
                .header("User-Agent", userAgent);
        call.headers().forEach(b::header);
        HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = r.body()) {
            if ("HEAD".equals(call.method())) {
                body = new byte[0];
            } else if (r.statusCode() >= 200 && r.statusCode() < 300) {
                body = readBounded(in, call.maxBodyBytes());
            } else {
                body = readTruncated(in, MAX_ERROR_BODY); // an error body only feeds the message
            }
        }
        return new HttpAnswer(r.statusCode(), r.headers().map(), body, call.uri());
    }

    static byte[] readTruncated(InputStream in, int max) throws IOException {
        byte[] head = in.readNBytes(max);
        in.transferTo(OutputStream.nullOutputStream());
        return head;
    }

    static byte[] readBounded(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                throw new BodyTooLargeException(max);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient is closeable only from Java 21; its threads end when unreferenced.
    }
}
