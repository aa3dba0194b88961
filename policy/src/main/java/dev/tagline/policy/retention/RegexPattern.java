package dev.tagline.policy.retention;

import java.util.regex.Pattern;

/** {@link TagPattern#regex}: a regex searched in the tag; its text is {@code /regex/}. */
final class RegexPattern extends TextPattern {
    private final Pattern pattern;

    RegexPattern(Pattern pattern) {
        this.pattern = pattern;
    }

    @Override
    public boolean matches(String tag) {
        return pattern.matcher(tag).find();
    }

    @Override
    public String text() {
        return "/" + pattern.pattern() + "/";
    }
}
