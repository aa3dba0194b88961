package dev.tagline.policy.retention;

import dev.tagline.policy.InvalidPolicyException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in policies: {@code 30d}, {@code 2w}, {@code 12h}, {@code 90m}, {@code 45s}, or ISO-8601 {@code P30D}. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(w|d|h|m|s)");

    private Durations() {
    }

    public static Duration parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidPolicyException(field, "must be a duration such as 30d, 12h or P30D");
        }
        String t = text.trim();
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "w" -> Duration.ofDays(7 * n);
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
        String iso = t.toUpperCase(java.util.Locale.ROOT);
        try {
            try {
                return Duration.parse(iso);
            } catch (DateTimeParseException notTimeBased) {
                java.time.Period p = java.time.Period.parse(iso);
                if (p.getYears() != 0 || p.getMonths() != 0) {
                    throw new InvalidPolicyException(field, "'" + text + "' uses years or months, which have no fixed length; use days");
                }
                return Duration.ofDays(p.getDays());
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new InvalidPolicyException(field, "'" + text + "' is not a duration (use 30d, 2w, 12h, 90m, 45s or ISO-8601 like P30D)");
        }
    }

    /** The shortest of {@code Nd}, {@code Nh}, {@code Nm}, {@code Ns} that is exact. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s != 0 && s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s != 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s != 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** A human age: {@code 3d 4h}, {@code 45m}, {@code 12s}. */
    public static String human(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86400;
        long hours = (s % 86400) / 3600;
        long minutes = (s % 3600) / 60;
        if (days > 0) {
            return hours > 0 ? days + "d " + hours + "h" : days + "d";
        }
        if (hours > 0) {
            return minutes > 0 ? hours + "h " + minutes + "m" : hours + "h";
        }
        if (minutes > 0) {
            return minutes + "m";
        }
        return s + "s";
    }
}
