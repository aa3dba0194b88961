package dev.tagline.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JSON Schema of the policy file, published in this module's jar (for editors and other tools; the parser is the authority). */
public final class PolicySchema {
    /** Its path in the jar (a class-path resource). */
    public static final String RESOURCE = "schemas/tagline-policy.schema.json";

    private PolicySchema() {
    }

    /** The schema's text. */
    public static String text() {
        try (InputStream in = PolicySchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
