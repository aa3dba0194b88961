package dev.tagline.listener.http;

import dev.tagline.listener.service.ScheduleService;
import dev.tagline.listener.service.WebhookResult;
import dev.tagline.listener.webhook.Signatures;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /schedules/{name}/run}: fire a schedule now (e.g. the nightly after a base-image fix),
 * or for a given slot ({@code {"at": "2026-03-01T00:00:00Z"}} in the body, or {@code ?at=} when the
 * repository has no secret): a missed nightly then runs for its own date, since its tags are dated by
 * the slot. Signed like the generic webhook ({@code X-Tagline-Signature-256} over the body, with the
 * secret of the schedule's repository) when that repository has a secret. 202 with the event id, 400
 * for a bad or future slot, 404 for an unknown schedule, 401 for a bad signature, 503 when nothing
 * could be published.
 */
@Controller("/schedules")
public class ScheduleController {
    private final ScheduleService schedules;

    public ScheduleController(ScheduleService schedules) {
        this.schedules = schedules;
    }

    @Post(value = "/{name}/run", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<WebhookResult> run(@PathVariable String name, HttpRequest<?> request, @Nullable @Body byte[] body,
                                           @Nullable @QueryValue("at") String atQuery) {
        Optional<String> secret = schedules.secretOf(name);
        if (secret.isPresent()) {
            Map<String, String> headers = new HashMap<>();
            request.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
            try {
                Signatures.verify(WebhookProvider.GENERIC, headers, WebhookBody.json(body == null ? new byte[0] : body), secret.get());
            } catch (WebhookRejection e) {
                return answer(WebhookResult.of(401, e.getMessage()));
            }
        }
        if (atQuery != null && secret.isPresent()) {
            return answer(WebhookResult.of(400, "?at= is not signed: put the slot in the signed body, {\"at\": \"...\"}"));
        }
        Instant now = Instant.now();
        Instant slot;
        try {
            slot = ScheduleRun.slot(body, atQuery, now);
        } catch (IllegalArgumentException e) {
            return answer(WebhookResult.of(400, e.getMessage()));
        }
        Optional<List<String>> published = slot == null ? schedules.runNow(name, now) : schedules.runAt(name, slot, now);
        if (published.isEmpty()) {
            return answer(WebhookResult.of(404, "no schedule named '" + name + "' (configure it under tagline.schedules)"));
        }
        if (published.get().isEmpty()) {
            return answer(WebhookResult.of(503, "schedule '" + name + "' did not fire: its branch could not be read or "
                    + "Kafka did not acknowledge (see the log); retry"));
        }
        return answer(new WebhookResult(202, "schedule '" + name + "' fired", published.get(), List.of()));
    }

    private static HttpResponse<WebhookResult> answer(WebhookResult result) {
        return HttpResponse.<WebhookResult>status(HttpStatus.valueOf(result.status())).body(result);
    }
}
