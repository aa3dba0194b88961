package dev.tagline.listener.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A JSON object of a payload, with accessors that name the missing or mistyped field in a 400. */
final class JsonObject {
    private final String path;
    private final Map<String, Object> fields;

    JsonObject(String path, Map<String, Object> fields) {
        this.path = path;
        this.fields = fields;
    }

    private String at(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    boolean has(String field) {
        return fields.get(field) != null;
    }

    /** The string field, or null when absent or JSON null. */
    String text(String field) {
        Object v = fields.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        throw WebhookRejection.badRequest("field " + at(field) + " must be a string");
    }

    String requiredText(String field) {
        String v = text(field);
        if (v == null || v.isEmpty()) {
            throw WebhookRejection.badRequest("missing field " + at(field));
        }
        return v;
    }

    Long number(String field) {
        Object v = fields.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw WebhookRejection.badRequest("field " + at(field) + " must be a number");
    }

    long requiredNumber(String field) {
        Long v = number(field);
        if (v == null) {
            throw WebhookRejection.badRequest("missing field " + at(field));
        }
        return v;
    }

    boolean flag(String field) {
        Object v = fields.get(field);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw WebhookRejection.badRequest("field " + at(field) + " must be true or false");
    }

    Optional<JsonObject> object(String field) {
        Object v = fields.get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof JsonObject o) {
            return Optional.of(o);
        }
        throw WebhookRejection.badRequest("field " + at(field) + " must be an object");
    }

    JsonObject requiredObject(String field) {
        return object(field).orElseThrow(() -> WebhookRejection.badRequest("missing field " + at(field)));
    }

    List<JsonObject> objects(String field) {
        Object v = fields.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw WebhookRejection.badRequest("field " + at(field) + " must be an array");
        }
        return list.stream().map(item -> {
            if (item instanceof JsonObject o) {
                return o;
            }
            throw WebhookRejection.badRequest("field " + at(field) + " must be an array of objects");
        }).toList();
    }

    String path(String field) {
        return at(field);
    }
}
