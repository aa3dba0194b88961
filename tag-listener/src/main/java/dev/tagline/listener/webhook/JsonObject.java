package dev.tagline.listener.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A JSON object of a payload (a Jackson {@link ObjectNode} and its path from the root), with
 * accessors that name the missing or mistyped field in a 400. Absent and JSON null read the same.
 */
record JsonObject(String path, ObjectNode node) {

    private JsonNode get(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private String at(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    boolean has(String field) {
        return get(field) != null;
    }

    /** The string field, or null when absent or JSON null. */
    String text(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
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
        JsonNode v = get(field);
        if (v == null) {
            return null;
        }
        if (v.isNumber()) {
            return v.longValue();
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
        JsonNode v = get(field);
        if (v == null) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        throw WebhookRejection.badRequest("field " + at(field) + " must be true or false");
    }

    Optional<JsonObject> object(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof ObjectNode o) {
            return Optional.of(new JsonObject(at(field), o));
        }
        throw WebhookRejection.badRequest("field " + at(field) + " must be an object");
    }

    JsonObject requiredObject(String field) {
        return object(field).orElseThrow(() -> WebhookRejection.badRequest("missing field " + at(field)));
    }

    List<JsonObject> objects(String field) {
        JsonNode v = get(field);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw WebhookRejection.badRequest("field " + at(field) + " must be an array");
        }
        List<JsonObject> objects = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!(v.get(i) instanceof ObjectNode o)) {
                throw WebhookRejection.badRequest("field " + at(field) + " must be an array of objects");
            }
            objects.add(new JsonObject(at(field) + "[" + i + "]", o));
        }
        return objects;
    }

    String path(String field) {
        return at(field);
    }
}
