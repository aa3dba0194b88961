package dev.tagline.registry;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** RFC 8288 {@code Link} header values: finds the target of {@code rel="next"}. */
final class LinkHeader {
    private LinkHeader() {
    }

    /** The URI reference of the first link whose rel contains {@code next}, across all header values. */
    static Optional<String> next(List<String> headerValues) {
        for (String value : headerValues) {
            int i = 0;
            while (i < value.length()) {
                int open = value.indexOf('<', i);
                if (open < 0) {
                    break;
                }
                int close = value.indexOf('>', open);
                if (close < 0) {
                    break;
                }
                String target = value.substring(open + 1, close).trim();
                int end = nextLinkStart(value, close + 1);
                String params = value.substring(close + 1, end);
                if (relIsNext(params)) {
                    return Optional.of(target);
                }
                i = end;
            }
        }
        return Optional.empty();
    }

    /** Index of the ',' that separates this link from the next (outside quotes), or the end. */
    private static int nextLinkStart(String s, int from) {
        boolean quoted = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return i + 1;
            }
        }
        return s.length();
    }

    private static boolean relIsNext(String params) {
        for (String p : params.split(";")) {
            String t = p.trim();
            int eq = t.indexOf('=');
            if (eq < 0 || !t.substring(0, eq).trim().equalsIgnoreCase("rel")) {
                continue;
            }
            String v = t.substring(eq + 1).trim();
            if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
                v = v.substring(1, v.length() - 1);
            }
            for (String rel : v.toLowerCase(Locale.ROOT).split("\\s+")) {
                if (rel.equals("next")) {
                    return true;
                }
            }
        }
        return false;
    }
}
