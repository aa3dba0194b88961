package dev.tagline.policy.retention;

import dev.tagline.policy.InvalidPolicyException;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A pattern over tag names: an anchored {@link Glob}, or a regex (the tag-planner's policy format). */
public interface TagPattern {
    boolean matches(String tag);

    String text();

    /**
     * A Java regex searched in the tag ({@code find}: anchor with {@code ^...$} for a whole match), as
     * the tag-planner's {@code retention.keepLast[].pattern} and {@code retention.protect} are.
     */
    static TagPattern regex(String regex) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidPolicyException("'" + regex + "' is not a regular expression: " + e.getDescription());
        }
        return new RegexPattern(p);
    }
}
