package dev.tagline.schema.value;

/**
 * A value (tag, digest, ref, ...) that does not satisfy its grammar. The message names the kind of
 * value, quotes the offending input (truncated) and says which rule it broke.
 */
public final class InvalidValueException extends IllegalArgumentException {
    private final String kind;
    private final String input;

    InvalidValueException(String kind, String input, String rule) {
        super("invalid " + kind + " " + quote(input) + ": " + rule);
        this.kind = kind;
        this.input = input;
    }

    public String kind() {
        return kind;
    }

    public String input() {
        return input;
    }

    static String quote(String input) {
        if (input == null) {
            return "(null)";
        }
        StringBuilder sb = new StringBuilder("\"");
        int limit = Math.min(input.length(), 120);
        for (int i = 0; i < limit; i++) {
            char c = input.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (input.length() > limit) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    static String require(String kind, String input) {
        if (input == null || input.isEmpty()) {
            throw new InvalidValueException(kind, input, "must not be empty");
        }
        return input;
    }
}
