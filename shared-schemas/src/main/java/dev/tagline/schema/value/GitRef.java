package dev.tagline.schema.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A full git ref name ({@code refs/heads/main}, {@code refs/tags/v1.2.3}, {@code refs/pull/42/head}),
 * valid under the rules of {@code git check-ref-format}, at most 255 bytes.
 */
public record GitRef(@JsonValue String value) {
    public enum Kind { BRANCH, TAG, PULL_REQUEST, OTHER }

    private static final String HEADS = "refs/heads/";
    private static final String TAGS = "refs/tags/";
    private static final Pattern PULL = Pattern.compile("refs/(?:pull|merge-requests)/(\\d+)/(?:head|merge)");

    public GitRef {
        InvalidValueException.require("git ref", value);
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidValueException("git ref", value, problem);
        }
    }

    @JsonCreator
    public static GitRef parse(String input) {
        return new GitRef(input);
    }

    public static GitRef branch(String name) {
        return parse(HEADS + name);
    }

    public static GitRef tag(String name) {
        return parse(TAGS + name);
    }

    private static String problemWith(String s) {
        if (s.getBytes(StandardCharsets.UTF_8).length > 255) {
            return "longer than 255 bytes";
        }
        if (!s.startsWith("refs/")) {
            return "must be a full ref name starting with refs/";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "contains a control character";
            }
            if (" ~^:?*[\\".indexOf(c) >= 0) {
                return "contains '" + c + "', which git does not allow in ref names";
            }
        }
        if (s.contains("..")) {
            return "contains '..'";
        }
        if (s.contains("@{")) {
            return "contains '@{'";
        }
        if (s.contains("//")) {
            return "contains an empty path component";
        }
        if (s.endsWith("/") || s.endsWith(".")) {
            return "must not end with '/' or '.'";
        }
        for (String component : s.split("/")) {
            if (component.startsWith(".")) {
                return "a path component starts with '.'";
            }
            if (component.endsWith(".lock")) {
                return "a path component ends with '.lock'";
            }
        }
        if (s.equals("refs/heads/") || s.equals("refs/tags/") || s.split("/").length < 3) {
            return "has no name after its namespace";
        }
        return null;
    }

    public Kind kind() {
        if (value.startsWith(HEADS)) {
            return Kind.BRANCH;
        }
        if (value.startsWith(TAGS)) {
            return Kind.TAG;
        }
        if (PULL.matcher(value).matches()) {
            return Kind.PULL_REQUEST;
        }
        return Kind.OTHER;
    }

    public boolean isBranch() {
        return kind() == Kind.BRANCH;
    }

    public boolean isTag() {
        return kind() == Kind.TAG;
    }

    public boolean isPullRequest() {
        return kind() == Kind.PULL_REQUEST;
    }

    /** {@code main} for {@code refs/heads/main}, {@code v1.2.3} for {@code refs/tags/v1.2.3}, the pull request number for a pull ref. */
    public String shortName() {
        return switch (kind()) {
            case BRANCH -> value.substring(HEADS.length());
            case TAG -> value.substring(TAGS.length());
            case PULL_REQUEST -> pullRequestNumber();
            case OTHER -> value.substring("refs/".length());
        };
    }

    private String pullRequestNumber() {
        Matcher m = PULL.matcher(value);
        if (!m.matches()) {
            throw new IllegalStateException("not a pull request ref: " + value);
        }
        return m.group(1);
    }

    @Override
    public String toString() {
        return value;
    }
}
