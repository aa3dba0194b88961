package dev.tagline.listener.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A webhook's body as delivered and the JSON it carries: the body itself ({@code application/json}), or the
 * {@code payload} field of a form-encoded body ({@code application/x-www-form-urlencoded}, which GitHub and
 * Gitea/Forgejo send when the webhook is set up that way; GitHub's own default). A form-encoded delivery may be
 * signed over either: GitHub signs the bytes it sends, Gitea the JSON payload.
 *
 * @param delivered the bytes received
 * @param json      the JSON document in them
 */
public record WebhookBody(byte[] delivered, byte[] json) {
    static final String FORM = "application/x-www-form-urlencoded";

    /** A JSON body. */
    public static WebhookBody json(byte[] body) {
        return new WebhookBody(body, body);
    }

    /**
     * @param contentType the request's {@code Content-Type}, parameters included, or null
     * @throws WebhookRejection 415 for a content type the provider does not send, 400 for a form without its payload
     */
    public static WebhookBody read(WebhookProvider provider, String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
            return json(body);
        }
        boolean formSender = provider == WebhookProvider.GITHUB || provider == WebhookProvider.GITEA;
        if (type.equals(FORM) && formSender) {
            return new WebhookBody(body, formPayload(body));
        }
        throw WebhookRejection.unsupportedMediaType("content type must be application/json"
                + (formSender ? " or " + FORM : "") + ", was " + (type.isEmpty() ? "none" : type)
                + " (set the webhook's content type to JSON)");
    }

    /** What a signature may cover: the body as delivered, then the JSON payload of a form. */
    List<byte[]> signed() {
        return delivered == json ? List.of(delivered) : List.of(delivered, json);
    }

    private static byte[] formPayload(byte[] body) {
        String payload = null;
        for (String field : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = field.indexOf('=');
            String name = decode(eq < 0 ? field : field.substring(0, eq));
            if (name.equals("payload")) {
                if (payload != null) {
                    throw WebhookRejection.badRequest("form-encoded body has more than one payload field");
                }
                payload = eq < 0 ? "" : decode(field.substring(eq + 1));
            }
        }
        if (payload == null) {
            throw WebhookRejection.badRequest("form-encoded body has no payload field (the JSON event)");
        }
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw WebhookRejection.badRequest("form-encoded body is not valid URL encoding");
        }
    }
}
