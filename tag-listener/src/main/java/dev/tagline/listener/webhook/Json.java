package dev.tagline.listener.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagline.schema.json.Jackson;

import java.io.IOException;

/** Reads a webhook body into a Jackson tree ({@link Jackson#mapper()}: nesting limited, trailing content refused). */
final class Json {
    private Json() {
    }

    /** @throws WebhookRejection 400 when the body is not one JSON object */
    static JsonObject parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            throw WebhookRejection.badRequest("empty body: expected a JSON object");
        }
        JsonNode root;
        try {
            root = Jackson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw WebhookRejection.badRequest("malformed JSON: " + e.getOriginalMessage().replaceAll("[\\r\\n]+", " ") + where);
        } catch (IOException e) {
            throw WebhookRejection.badRequest("malformed JSON: " + e.getMessage());
        }
        if (!(root instanceof ObjectNode object)) {
            throw WebhookRejection.badRequest("malformed JSON: expected an object at the top level");
        }
        return new JsonObject("", object);
    }
}
