package dev.tagline.listener.http;

import dev.tagline.listener.service.WebhookResult;
import dev.tagline.schema.json.EventCodec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Posts webhooks to the running service with the JDK client (any status, any content type). */
final class WebhookClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    WebhookClient(URI base) {
        this.base = base;
    }

    record Answer(int status, WebhookResult result) {
    }

    Answer post(String provider, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/webhooks/" + provider))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            WebhookResult result = r.body().length == 0 ? null : decode(r.body());
            return new Answer(r.statusCode(), result);
        } catch (IOException e) {
            throw new IllegalStateException("POST /webhooks/" + provider + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static WebhookResult decode(byte[] body) {
        try {
            return EventCodec.decode(body, WebhookResult.class);
        } catch (RuntimeException e) {
            return new WebhookResult(-1, new String(body), java.util.List.of(), java.util.List.of());
        }
    }
}
