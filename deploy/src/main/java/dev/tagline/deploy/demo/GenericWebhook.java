package dev.tagline.deploy.demo;

import dev.tagline.schema.json.JsonText;
import dev.tagline.schema.json.Jackson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Talks to tag-listener like a CI job would: its generic webhook and its "run a schedule now"
 * endpoint, both signed like GitHub's webhooks ({@code X-Tagline-Signature-256}).
 */
final class GenericWebhook {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI listener;
    private final byte[] secret;

    GenericWebhook(URI listener, String secret) {
        this.listener = listener;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Reports a created ref; returns the listener's answer, failing on anything but 202. */
    String created(String repositoryId, String ref, String commit, String deliveryId) throws IOException, InterruptedException {
        ObjectNode json = Jackson.mapper().createObjectNode();
        json.put("repository", repositoryId);
        json.put("ref", ref);
        json.putNull("before");
        json.put("after", commit);
        json.put("deliveryId", deliveryId);
        String body = JsonText.write(json);
        return post("/webhooks/generic", body, ref);
    }

    /** Reports a deleted ref (a retracted release tag) that pointed at {@code commit}. */
    String deleted(String repositoryId, String ref, String commit, String deliveryId) throws IOException, InterruptedException {
        ObjectNode json = Jackson.mapper().createObjectNode();
        json.put("repository", repositoryId);
        json.put("ref", ref);
        json.put("before", commit);
        json.putNull("after");
        json.put("deliveryId", deliveryId);
        return post("/webhooks/generic", JsonText.write(json), ref + " deleted");
    }

    /** Fires a schedule now ({@code POST /schedules/<name>/run}). */
    String runSchedule(String name) throws IOException, InterruptedException {
        return post("/schedules/" + name + "/run", "{}", "schedule " + name);
    }

    /** Fires a schedule for a slot it missed ({@code {"at": slot}}): its tags are dated by the slot. */
    String runSchedule(String name, java.time.Instant slot) throws IOException, InterruptedException {
        ObjectNode json = Jackson.mapper().createObjectNode();
        json.put("at", slot.toString());
        return post("/schedules/" + name + "/run", JsonText.write(json), "schedule " + name + " at " + slot);
    }

    private String post(String path, String body, String what) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(listener.resolve(path))
                .header("Content-Type", "application/json")
                .header("X-Tagline-Signature-256", "sha256=" + hmac(body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("the listener answered " + response.statusCode() + " to " + what + ": " + response.body());
        }
        return response.body();
    }

    private String hmac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
