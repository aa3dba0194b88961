package dev.tagline.policy.release;

import dev.tagline.policy.InvalidPolicyException;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Handlebars subset metadata-action's templates use: text with {@code {{name}}},
 * {@code {{name 'param' key='value'}}}, {@code {{{name}}}} (not HTML-escaped) and comments
 * {@code {{! ...}}}. Parsed once at policy load (so a broken template is a policy error), rendered
 * many times against a {@link Scope}.
 *
 * <p>As in Handlebars: a name the scope does not know renders as the empty string, {@code {{ }}}
 * output is HTML-escaped, and a bare (unquoted) parameter is looked up in the scope (usually giving
 * nothing).
 */
public final class Template {
    /** What a template can see: plain values and helpers that take parameters. */
    public interface Scope {
        /**
         * @param name   the mustache name, e.g. {@code date}
         * @param params positional parameters (quoted strings, numbers, or looked-up values; may be null)
         * @param hash   {@code key=value} parameters
         * @return the text, or null when the name is unknown
         */
        String resolve(String name, List<String> params, Map<String, String> hash);

        /** Looks up a bare parameter; null by default. */
        default String lookup(String name) {
            return null;
        }
    }

    private static final Set<String> DATE_HELPERS = Set.of("date", "commit_date");

    private sealed interface Part permits Text, Mustache {
    }

    private record Text(String text) implements Part {
    }

    private record Mustache(String name, List<Param> params, Map<String, Param> hash, boolean escape) implements Part {
    }

    private record Param(String literal, String path) {
        String value(Scope scope) {
            return literal != null ? literal : scope.lookup(path);
        }
    }

    private final String source;
    private final List<Part> parts;
    /** The text of a template without mustaches ({@code true}, {@code sha-}, ""), else null: rendered for every event. */
    private final String constant;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
        this.constant = parts.isEmpty() ? "" : parts.size() == 1 && parts.get(0) instanceof Text t ? t.text() : null;
    }

    /** @throws InvalidPolicyException naming the template and the problem */
    public static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        StringBuilder text = new StringBuilder();
        while (i < source.length()) {
            int open = source.indexOf("{{", i);
            if (open < 0) {
                text.append(source, i, source.length());
                break;
            }
            text.append(source, i, open);
            boolean triple = source.startsWith("{{{", open);
            String close = triple ? "}}}" : "}}";
            int start = open + (triple ? 3 : 2);
            int end = source.indexOf(close, start);
            if (end < 0) {
                throw new InvalidPolicyException("template '" + source + "'", "'{{' at position " + open + " is never closed");
            }
            String inner = source.substring(start, end);
            i = end + close.length();
            if (inner.startsWith("!")) {
                continue;
            }
            if (inner.startsWith("~")) {
                inner = inner.substring(1);
            }
            if (inner.endsWith("~")) {
                inner = inner.substring(0, inner.length() - 1);
            }
            if (text.length() > 0) {
                parts.add(new Text(text.toString()));
                text.setLength(0);
            }
            parts.add(mustache(source, inner.trim(), !triple));
        }
        if (text.length() > 0) {
            parts.add(new Text(text.toString()));
        }
        return new Template(source, List.copyOf(parts));
    }

    private static Mustache mustache(String source, String inner, boolean escape) {
        List<String> tokens = tokens(source, inner);
        if (tokens.isEmpty()) {
            throw new InvalidPolicyException("template '" + source + "'", "empty '{{}}'");
        }
        String name = tokens.get(0);
        if (name.startsWith("#") || name.startsWith("/") || name.startsWith("^") || name.startsWith(">")) {
            throw new InvalidPolicyException("template '" + source + "'", "block and partial expressions ('" + name + "') are not supported");
        }
        List<Param> params = new ArrayList<>();
        Map<String, Param> hash = new LinkedHashMap<>();
        for (String token : tokens.subList(1, tokens.size())) {
            int eq = token.indexOf('=');
            boolean quotedStart = token.startsWith("'") || token.startsWith("\"");
            if (eq > 0 && !quotedStart) {
                hash.put(token.substring(0, eq), param(token.substring(eq + 1)));
            } else {
                params.add(param(token));
            }
        }
        if (DATE_HELPERS.contains(name)) {
            for (Map.Entry<String, Param> e : hash.entrySet()) {
                if (!e.getKey().equals("tz")) {
                    throw new InvalidPolicyException("template '" + source + "'", "unknown " + e.getKey() + " attribute of " + name);
                }
                if (e.getValue().literal() != null) {
                    try {
                        ZoneId.of(e.getValue().literal());
                    } catch (DateTimeException ex) {
                        throw new InvalidPolicyException("template '" + source + "'", "unknown time zone '" + e.getValue().literal() + "'");
                    }
                }
            }
        }
        return new Mustache(name, List.copyOf(params), hash, escape);
    }

    private static Param param(String token) {
        if (token.length() >= 2 && (token.startsWith("'") && token.endsWith("'") || token.startsWith("\"") && token.endsWith("\""))) {
            return new Param(token.substring(1, token.length() - 1), null);
        }
        if (token.matches("-?[0-9]+(\\.[0-9]+)?") || token.equals("true") || token.equals("false")) {
            return new Param(token, null);
        }
        return new Param(null, token);
    }

    private static List<String> tokens(String source, String inner) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new InvalidPolicyException("template '" + source + "'", "unclosed quote in '{{" + inner + "}}'");
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    public String render(Scope scope) {
        if (constant != null) {
            return constant;
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Text t) {
                out.append(t.text());
            } else if (part instanceof Mustache m) {
                List<String> params = new ArrayList<>(m.params().size());
                for (Param p : m.params()) {
                    params.add(p.value(scope));
                }
                Map<String, String> hash = new LinkedHashMap<>();
                m.hash().forEach((k, v) -> hash.put(k, v.value(scope)));
                String value = scope.resolve(m.name(), params, hash);
                if (value != null) {
                    out.append(m.escape() ? escape(value) : value);
                }
            }
        }
        return out.toString();
    }

    /** The names used in mustaches, in order, e.g. {@code [major, minor]} for {@code {{major}}.{{minor}}}. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (Part part : parts) {
            if (part instanceof Mustache m) {
                names.add(m.name());
            }
        }
        return names;
    }

    /** True when the template is exactly one mustache naming {@code name} (metadata-action's isRawStatement). */
    public boolean isSingle(String name) {
        return parts.size() == 1 && parts.get(0) instanceof Mustache m && m.name().equals(name);
    }

    /** The literal text before the first mustache ({@code v} for {@code v{{major}}}), "" when it starts with one or has none. */
    public String leadingText() {
        return parts.size() > 1 && parts.get(0) instanceof Text t ? t.text() : "";
    }

    public String source() {
        return source;
    }

    /** Handlebars' escapeExpression. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#x27;");
                case '`' -> out.append("&#x60;");
                case '=' -> out.append("&#x3D;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return source;
    }
}
