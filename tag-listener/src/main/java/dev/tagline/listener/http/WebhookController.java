package dev.tagline.listener.http;

import dev.tagline.listener.config.ListenerConfig;
import dev.tagline.listener.service.WebhookResult;
import dev.tagline.listener.service.WebhookService;
import dev.tagline.listener.webhook.WebhookBody;
import dev.tagline.listener.webhook.WebhookProvider;
import dev.tagline.listener.webhook.WebhookRejection;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /webhooks/{github,gitlab,gitea,generic}}: 202 once Kafka acknowledged (or the event is
 * ignored or already published), with a one-line reason; 400, 401, 404, 413, 415 for bad input
 * (nothing published); 503 when Kafka did not acknowledge, so the sender retries.
 */
@Controller("/webhooks")
public class WebhookController {
    private final WebhookService service;
    private final ListenerConfig config;

    public WebhookController(WebhookService service, ListenerConfig config) {
        this.service = service;
        this.config = config;
    }

    @Post(value = "/{provider}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<WebhookResult> receive(@PathVariable String provider, HttpRequest<?> request,
                                               @Nullable @Body byte[] body) {
        Optional<WebhookProvider> p = WebhookProvider.byPath(provider);
        if (p.isEmpty()) {
            return answer(WebhookResult.of(404, "unknown webhook endpoint /webhooks/" + provider
                    + " (github, gitlab, gitea, generic)"));
        }
        long declared = request.getContentLength();
        if (declared > config.maxBodyBytes() || (body != null && body.length > config.maxBodyBytes())) {
            return answer(WebhookResult.of(413, "body larger than " + config.maxBodyBytes() + " bytes"));
        }
        WebhookBody webhookBody;
        try {
            webhookBody = WebhookBody.read(p.get(), request.getContentType().map(MediaType::toString).orElse(null),
                    body == null ? new byte[0] : body);
        } catch (WebhookRejection r) {
            return answer(WebhookResult.of(r.status(), r.reason()));
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> h : request.getHeaders().asMap().entrySet()) {
            if (!h.getValue().isEmpty()) {
                headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
            }
        }
        return answer(service.handle(p.get(), headers, webhookBody));
    }

    private static HttpResponse<WebhookResult> answer(WebhookResult result) {
        return HttpResponse.<WebhookResult>status(HttpStatus.valueOf(result.status())).body(result);
    }
}
