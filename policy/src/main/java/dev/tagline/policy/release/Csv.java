package dev.tagline.policy.release;

import dev.tagline.policy.InvalidPolicyException;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one metadata-action rule line into fields the way csv-parse does: comma-separated,
 * a field may be double-quoted (then commas inside it are kept and {@code ""} is a quote).
 */
final class Csv {
    private Csv() {
    }

    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new InvalidPolicyException("rule '" + line + "'", "unclosed double quote");
        }
        out.add(field.toString());
        return out;
    }

    /** {@code key=value} split at the first {@code =}, both trimmed; a field without {@code =} gives a one-element array. */
    /** The fields of {@code line}; a malformed line is an error about {@code subject} (e.g. {@code tag rule '...'}). */
    static List<String> fields(String line, String subject) {
        try {
            return fields(line);
        } catch (InvalidPolicyException e) {
            throw new InvalidPolicyException(subject, e.problem());
        }
    }

    static String[] keyValue(String field) {
        int eq = field.indexOf('=');
        if (eq <= 0) {
            return new String[] {field.trim()};
        }
        return new String[] {field.substring(0, eq).trim(), field.substring(eq + 1).trim()};
    }
}
