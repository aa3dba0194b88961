package dev.tagline.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An HTTP response as data: status, headers (names case-insensitive), the whole body. */
record HttpAnswer(int status, Map<String, List<String>> headers, byte[] body, URI uri) {
    HttpAnswer {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> {
            if (k != null) {
                h.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v), (a, b) -> {
                    java.util.ArrayList<String> all = new java.util.ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                });
            }
        });
        headers = h;
        body = body == null ? new byte[0] : body;
    }

    static HttpAnswer of(int status, Map<String, String> singleHeaders, String body) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        singleHeaders.forEach((k, v) -> h.put(k, List.of(v)));
        return new HttpAnswer(status, h, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), URI.create("http://test/"));
    }

    Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    List<String> headerValues(String name) {
        List<String> v = headers.get(name);
        return v == null ? List.of() : v;
    }

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
        return "HTTP " + status + " from " + uri + " (" + body.length + " bytes)";
    }
}
