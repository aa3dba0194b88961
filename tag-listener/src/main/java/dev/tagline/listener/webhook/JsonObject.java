package dev.tagline.listener.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

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

    /** The field read by {@code read}, null when absent or JSON null, a 400 when {@code is} fails. */
    private <T> T typed(String field, Predicate<JsonNode> is, Function<JsonNode, T> read, String expected) {
        JsonNode v = get(field);
        if (v == null) {
            return null;
        }
        if (!is.test(v)) {
            throw WebhookRejection.badRequest("field " + at(field) + " must be " + expected);
        }
        return read.apply(v);
    }

    private <T> T required(String field, T value) {
        if (value == null || value instanceof String s && s.isEmpty()) {
            throw WebhookRejection.badRequest("missing field " + at(field));
        }
        return value;
    }

    boolean has(String field) {
        return get(field) != null;
    }

    /** True when the field is there with the value JSON null (where "gone" differs from "not sent"). */
    boolean isExplicitNull(String field) {
        JsonNode v = node.get(field);
        return v != null && v.isNull();
    }

    /** The string field, or null when absent or JSON null. */
    String text(String field) {
        return typed(field, JsonNode::isTextual, JsonNode::textValue, "a string");
    }

    String requiredText(String field) {
        return required(field, text(field));
    }

    Long number(String field) {
        return typed(field, JsonNode::isNumber, JsonNode::longValue, "a number");
    }

    long requiredNumber(String field) {
        return required(field, number(field));
    }

    boolean flag(String field) {
        return Boolean.TRUE.equals(typed(field, JsonNode::isBoolean, JsonNode::booleanValue, "true or false"));
    }

    Optional<JsonObject> object(String field) {
        return Optional.ofNullable(typed(field, JsonNode::isObject, o -> new JsonObject(at(field), (ObjectNode) o), "an object"));
    }

    JsonObject requiredObject(String field) {
        return required(field, object(field).orElse(null));
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
