package dev.tagline.pruner.inventory;

import dev.tagline.pruner.retention.DeploymentInventory;
import dev.tagline.schema.value.Digest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a deployment inventory from a file or an HTTP(S) URL. Any text works: every
 * {@code sha256:<64 hex>} in it is a running digest (a JSON list, {@code {"digests": [...]}}, one per line,
 * or {@code kubectl get pods -o jsonpath=...} output with {@code image@sha256:...}).
 */
public final class Inventories {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private Inventories() {
    }

    public static DeploymentInventory load(String location) throws IOException {
        if (location == null) {
            return DeploymentInventory.NONE;
        }
        String text;
        if (location.startsWith("http://") || location.startsWith("https://")) {
            try {
                HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                        .send(HttpRequest.newBuilder(URI.create(location)).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IOException("inventory " + location + " answered HTTP " + r.statusCode());
                }
                text = r.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted reading inventory " + location, e);
            }
        } else {
            text = Files.readString(Path.of(location));
        }
        return new DeploymentInventory(parse(text), "inventory " + location);
    }

    public static Set<Digest> parse(String text) {
        Set<Digest> digests = new TreeSet<>();
        Matcher m = DIGEST.matcher(text);
        while (m.find()) {
            digests.add(Digest.parse(m.group()));
        }
        return digests;
    }
}
