package dev.tagline.listener.webhook;

/**
 * A webhook that is refused, with the HTTP status to answer and a one-line reason safe to show the
 * sender (it never contains a secret).
 */
public final class WebhookRejection extends RuntimeException {
    private final int status;

    private WebhookRejection(int status, String reason) {
        super(oneLine(reason));
        this.status = status;
    }

    public static WebhookRejection badRequest(String reason) {
        return new WebhookRejection(400, reason);
    }

    public static WebhookRejection unauthorized(String reason) {
        return new WebhookRejection(401, reason);
    }

    public static WebhookRejection unknownRepository(String reason) {
        return new WebhookRejection(404, reason);
    }

    public static WebhookRejection tooLarge(String reason) {
        return new WebhookRejection(413, reason);
    }

    public static WebhookRejection unsupportedMediaType(String reason) {
        return new WebhookRejection(415, reason);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return getMessage();
    }

    private static String oneLine(String s) {
        String line = s == null ? "rejected" : s.replaceAll("[\\r\\n\\t]+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
