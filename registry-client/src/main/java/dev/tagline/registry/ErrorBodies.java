package dev.tagline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the spec's error body ({@code {"errors":[{"code","message","detail"}]}}) into a code and a
 * short detail. Non-JSON bodies give a status-based code and a trimmed first line of text.
 */
final class ErrorBodies {
    private static final int MAX_DETAIL = 300;

    record Parsed(ErrorCode code, String detail, List<String> codes) {
    }

    private ErrorBodies() {
    }

    static Parsed parse(byte[] body) {
        if (body == null || body.length == 0) {
            return new Parsed(ErrorCode.UNKNOWN, "", List.of());
        }
        try {
            JsonNode doc = JsonFields.parse(body);
            if (doc.isObject()) {
                List<String> codes = new ArrayList<>();
                List<String> parts = new ArrayList<>();
                for (JsonNode m : JsonFields.array(doc, "errors")) {
                    if (m.isObject()) {
                        String c = m.path("code").isTextual() ? m.path("code").textValue() : "UNKNOWN";
                        String message = m.path("message").isTextual() ? m.path("message").textValue() : "";
                        codes.add(c);
                        parts.add(c + (message.isBlank() ? "" : " " + message));
                    }
                }
                if (!codes.isEmpty()) {
                    return new Parsed(ErrorCode.fromSpec(codes.get(0)), trim(String.join("; ", parts)), codes);
                }
                // OAuth-style token errors: {"error": "...", "error_description": "..."} / {"details": "..."}
                for (String k : List.of("error_description", "error", "details", "message")) {
                    if (doc.path(k).isTextual() && !doc.path(k).textValue().isBlank()) {
                        return new Parsed(ErrorCode.UNKNOWN, trim(doc.path(k).textValue()), List.of());
                    }
                }
                return new Parsed(ErrorCode.UNKNOWN, "", List.of());
            }
        } catch (IllegalArgumentException e) {
            // not JSON: fall through to text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        int nl = text.indexOf('\n');
        return new Parsed(ErrorCode.UNKNOWN, trim(nl < 0 ? text : text.substring(0, nl)), List.of());
    }

    static boolean hasCode(byte[] body, ErrorCode code) {
        return parse(body).codes().stream().anyMatch(c -> ErrorCode.fromSpec(c) == code);
    }

    /** The code to use when the body names none. */
    static ErrorCode codeForStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.DENIED;
            case 404 -> ErrorCode.UNKNOWN;
            case 405 -> ErrorCode.UNSUPPORTED;
            case 429 -> ErrorCode.TOOMANYREQUESTS;
            default -> status >= 500 ? ErrorCode.SERVER_ERROR : ErrorCode.INVALID_RESPONSE;
        };
    }

    /** The exception for a failed answer: the body's spec code, else one from the status. */
    static RegistryException toException(String action, HttpAnswer a) {
        Parsed p = parse(a.body());
        ErrorCode code = p.code() == ErrorCode.UNKNOWN && p.codes().isEmpty() ? codeForStatus(a.status()) : p.code();
        String detail = p.detail().isEmpty() ? "unexpected HTTP " + a.status() : p.detail();
        return new RegistryException(code, a.status(), action, detail);
    }

    private static String trim(String s) {
        String one = s.replaceAll("[\\r\\n\\t]+", " ");
        return one.length() > MAX_DETAIL ? one.substring(0, MAX_DETAIL) + "..." : one;
    }
}
