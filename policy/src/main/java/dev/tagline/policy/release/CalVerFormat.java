package dev.tagline.policy.release;

import dev.tagline.policy.InvalidPolicyException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar-versioning scheme in calver.org notation, e.g. {@code YYYY.0M.0D} or
 * {@code YYYY.MINOR.MICRO}: segments separated by {@code .}, {@code -} or {@code _}, an optional
 * leading {@code v} and an optional {@code -modifier} (a prerelease: {@code 2024.05.01-rc.1}).
 * Each token says whether a leading zero is allowed ({@code 0M} must be {@code 01}..{@code 12},
 * {@code MM} must not have one).
 *
 * @param source the format as written
 * @param tokens the segment tokens, in order
 */
public record CalVerFormat(String source, List<String> tokens, Pattern regex) {
    private static final Pattern TOKEN = Pattern.compile("YYYY|YY|0Y|MM|0M|WW|0W|DD|0D|MAJOR|MINOR|MICRO");
    private static final String MODIFIER = "(?:[-_+.]?([A-Za-z][0-9A-Za-z]*(?:[.-][0-9A-Za-z]+)*))?";

    /** One version read under the format: the numeric segments (as written and as numbers) and the modifier ("" for none). */
    public record Parsed(String raw, String version, List<String> segments, List<Long> values, String modifier) {
    }

    /** @throws InvalidPolicyException naming the unknown token */
    public static CalVerFormat parse(String format) {
        String subject = "calver format '" + format + "'";
        if (format == null || format.isBlank()) {
            throw new InvalidPolicyException(subject, "empty format (e.g. YYYY.0M.0D or YYYY.MINOR.MICRO)");
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^v?");
        String rest = format.endsWith(".MODIFIER") || format.endsWith("-MODIFIER") || format.endsWith("_MODIFIER")
                ? format.substring(0, format.length() - ".MODIFIER".length()) : format;
        String[] parts = rest.split("(?=[._-])|(?<=[._-])");
        boolean expectToken = true;
        for (String part : parts) {
            if (expectToken) {
                if (!TOKEN.matcher(part).matches()) {
                    throw new InvalidPolicyException(subject, "unknown token '" + part
                            + "' (expected YYYY, YY, 0Y, MM, 0M, WW, 0W, DD, 0D, MAJOR, MINOR, MICRO, or MODIFIER last)");
                }
                tokens.add(part);
                regex.append('(').append(tokenRegex(part)).append(')');
            } else {
                if (!part.matches("[._-]")) {
                    throw new InvalidPolicyException(subject, "expected a separator (. - _) before '" + part + "'");
                }
                regex.append(Pattern.quote(part));
            }
            expectToken = !expectToken;
        }
        if (expectToken) {
            throw new InvalidPolicyException(subject, "ends with a separator");
        }
        regex.append(MODIFIER).append('$');
        return new CalVerFormat(format, List.copyOf(tokens), Pattern.compile(regex.toString()));
    }

    private static String tokenRegex(String token) {
        return switch (token) {
            case "YYYY" -> "[0-9]{4}";
            case "YY" -> "0|[1-9][0-9]{0,2}";
            case "0Y" -> "[0-9]{2,3}";
            case "MM" -> "1[0-2]|[1-9]";
            case "0M" -> "0[1-9]|1[0-2]";
            case "WW" -> "5[0-3]|[1-4][0-9]|[1-9]";
            case "0W" -> "0[1-9]|[1-4][0-9]|5[0-3]";
            case "DD" -> "3[01]|[12][0-9]|[1-9]";
            case "0D" -> "0[1-9]|[12][0-9]|3[01]";
            default -> "0|[1-9][0-9]{0,17}";
        };
    }

    /** The version {@code text} is under this format, or null. */
    public Parsed read(String text) {
        if (text == null || text.length() > 256) {
            return null;
        }
        Matcher m = regex.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (int i = 1; i <= tokens.size(); i++) {
            segments.add(m.group(i));
            values.add(Long.parseLong(m.group(i)));
        }
        String modifier = m.group(tokens.size() + 1) == null ? "" : m.group(tokens.size() + 1);
        String t = text.trim();
        String version = t.startsWith("v") ? t.substring(1) : t;
        return new Parsed(t, version, List.copyOf(segments), List.copyOf(values), modifier);
    }
}
