package dev.tagline.policy.retention;

import java.util.regex.Pattern;

/**
 * An anchored, case-sensitive glob over a whole tag: {@code *} is any run of characters (also none),
 * {@code ?} exactly one; everything else is literal. {@code sha-*} matches {@code sha-1a2b} but not
 * {@code xsha-1} or {@code SHA-1}.
 */
public final class Glob extends TextPattern {
    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    public static Glob parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a glob must not be empty");
        }
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return new Glob(text, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    @Override
    public boolean matches(String tag) {
        return pattern.matcher(tag).matches();
    }

    @Override
    public String text() {
        return text;
    }
}
