package dev.tagline.builder.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** skopeo (a client tagline did not write) reading the local registry over plain HTTP. */
public final class Skopeo {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Skopeo() {
    }

    public static JsonNode inspect(String reference) {
        return json(run("inspect", "--tls-verify=false", "docker://" + reference));
    }

    public static JsonNode inspectRaw(String reference) {
        return json(run("inspect", "--raw", "--tls-verify=false", "docker://" + reference));
    }

    public static JsonNode inspectConfig(String reference) {
        return json(run("inspect", "--config", "--tls-verify=false", "docker://" + reference));
    }

    public static List<String> tags(String repository) {
        List<String> out = new ArrayList<>();
        json(run("list-tags", "--tls-verify=false", "docker://" + repository)).path("Tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("skopeo printed no JSON: " + text, e);
        }
    }

    private static String run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("skopeo");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("skopeo " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run skopeo", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
