package dev.tagline.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters, e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry",scope="repository:a/b:pull"}.
 * Parameter names are lowercased; quoted values may contain commas and escaped quotes.
 */
record AuthChallenge(String scheme, Map<String, String> params) {
    AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    boolean isBearer() {
        return "bearer".equals(scheme);
    }

    boolean isBasic() {
        return "basic".equals(scheme);
    }

    String param(String name) {
        return params.get(name);
    }

    /** All challenges of all header values; unparseable junk is skipped, never thrown. */
    static List<AuthChallenge> parseAll(List<String> headerValues) {
        List<AuthChallenge> out = new ArrayList<>();
        for (String v : headerValues) {
            out.addAll(parse(v));
        }
        return out;
    }

    static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        Lexer lx = new Lexer(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            lx.skip(" \t,");
            if (lx.done()) {
                break;
            }
            String token = lx.token();
            if (token.isEmpty()) {
                lx.pos++; // junk character
                continue;
            }
            lx.skip(" \t");
            if (lx.peek() == '=' && scheme != null) {
                lx.pos++;
                lx.skip(" \t");
                String value = lx.peek() == '"' ? lx.quoted() : lx.bare();
                params.putIfAbsent(token.toLowerCase(Locale.ROOT), value);
            } else if (lx.peek() == '=') {
                lx.pos++; // a parameter before any scheme: ignore it
                lx.skip(" \t");
                if (lx.peek() == '"') {
                    lx.quoted();
                } else {
                    lx.token();
                }
            } else {
                if (scheme != null) {
                    out.add(new AuthChallenge(scheme, params));
                    params = new LinkedHashMap<>();
                }
                scheme = token;
                // token68 form ("Basic abc=="), rarely used in challenges: skip it
            }
        }
        if (scheme != null) {
            out.add(new AuthChallenge(scheme, params));
        }
        return out;
    }

    private static final class Lexer {
        private final String s;
        private int pos;

        Lexer(String s) {
            this.s = s;
        }

        boolean done() {
            return pos >= s.length();
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        void skip(String chars) {
            while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (pos < s.length() && "!#$%&'*+-.^_`|~".indexOf(s.charAt(pos)) >= 0
                    || pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** An unquoted parameter value: up to a comma or blank. */
        String bare() {
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != ',' && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') {
                pos++;
            }
            return s.substring(start, pos);
        }

        String quoted() {
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    sb.append(s.charAt(pos++));
                } else if (c == '"') {
                    return sb.toString();
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
    }
}
