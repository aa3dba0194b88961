package dev.tagline.bench.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Sends webhooks to tag-listener as a forge does: once. GitHub, GitLab and Gitea do not redeliver a
 * failed delivery by themselves, so neither does the suite; the answer is returned (-1 when the listener
 * did not answer at all) and the scenario records it.
 */
final class Webhooks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI listener;
    private final byte[] secret;

    Webhooks(String listenerUrl, String secret) {
        this.listener = URI.create(listenerUrl);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The generic webhook for a created ({@code before} null) or moved ref, with the commit time (no Git read needed). */
    int generic(String repositoryId, String ref, String before, String after, Instant commitTime) {
        ObjectNode body = JSON.createObjectNode();
        body.put("repository", repositoryId);
        body.put("ref", ref);
        body.put("before", before);
        body.put("after", after);
        body.put("commitTime", commitTime.toString());
        body.put("deliveryId", "faults-" + UUID.randomUUID());
        return post("/webhooks/generic", body, "X-Tagline-Signature-256", null);
    }

    /** GitHub's {@code create} of a tag: the short name and the repository, no commit id at all. */
    int githubCreateTag(String cloneUrl, String tag) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ref", tag);
        body.put("ref_type", "tag");
        body.put("master_branch", "main");
        body.put("pusher_type", "user");
        ObjectNode repo = body.putObject("repository");
        repo.put("clone_url", cloneUrl);
        repo.put("default_branch", "main");
        return post("/webhooks/github", body, "X-Hub-Signature-256", "create");
    }

    private int post(String path, ObjectNode json, String signatureHeader, String githubEvent) {
        try {
            byte[] body = JSON.writeValueAsBytes(json);
            HttpRequest.Builder request = HttpRequest.newBuilder(listener.resolve(path)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header(signatureHeader, "sha256=" + hmac(body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (githubEvent != null) {
                request.header("X-GitHub-Event", githubEvent).header("X-GitHub-Delivery", UUID.randomUUID().toString());
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
