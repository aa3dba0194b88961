package dev.tagline.listener.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small read-only JSON tree for webhook payloads (objects become {@link JsonObject}, arrays
 * {@link List}, scalars {@link String}/{@link Number}/{@link Boolean}, null stays null). Built on
 * jackson-core's streaming parser so the parsers stay free of any framework.
 */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private Json() {
    }

    /** @throws WebhookRejection 400 when the body is not one JSON object */
    static JsonObject parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw WebhookRejection.badRequest("empty body: expected a JSON object");
        }
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw WebhookRejection.badRequest("malformed JSON: expected an object at the top level");
            }
            JsonObject root = readObject(p, "");
            if (p.nextToken() != null) {
                throw WebhookRejection.badRequest("malformed JSON: trailing content after the object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw WebhookRejection.badRequest("malformed JSON: " + e.getOriginalMessage().replaceAll("[\\r\\n]+", " ")
                    + " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw WebhookRejection.badRequest("malformed JSON: " + e.getMessage());
        }
    }

    private static JsonObject readObject(JsonParser p, String path) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            fields.put(name, readValue(p, path.isEmpty() ? name : path + "." + name));
        }
        return new JsonObject(path, fields);
    }

    private static Object readValue(JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> readObject(p, path);
            case START_ARRAY -> {
                List<Object> items = new ArrayList<>();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p, path + "[" + i++ + "]"));
                }
                yield items;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw WebhookRejection.badRequest("malformed JSON: unexpected " + t + " at " + path);
        };
    }
}
