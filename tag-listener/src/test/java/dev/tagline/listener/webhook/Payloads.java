package dev.tagline.listener.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Recorded-shape payloads under {@code src/test/resources/webhooks/<provider>/}. */
public final class Payloads {
    public static final String A = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
    public static final String B = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    public static final String TAG_OBJECT = "5c8e1f6e2a3b4c5d6e7f8091a2b3c4d5e6f70819";

    private Payloads() {
    }

    public static byte[] load(String path) {
        try (InputStream in = Payloads.class.getResourceAsStream("/webhooks/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no payload " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String path) {
        return new String(load(path), StandardCharsets.UTF_8);
    }

    public static Map<String, String> headers(String... nameValues) {
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.put(nameValues[i].toLowerCase(Locale.ROOT), nameValues[i + 1]);
        }
        return h;
    }
}
