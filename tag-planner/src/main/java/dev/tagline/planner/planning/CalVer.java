package dev.tagline.planner.planning;

import dev.tagline.policy.conventional.Precedence;
import dev.tagline.policy.release.CalVerFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A calendar version read under a declared {@link CalVerFormat} ({@code 2024.05.01} under
 * {@code YYYY.0M.0D}). Ordered segment by segment by number, then a version without modifier above
 * one with ({@code 2024.05.01} > {@code 2024.05.01-rc.2} > {@code 2024.05.01-rc.1}), so
 * {@code 2024.10.01} sorts after {@code 2024.09.30} whatever the zero padding.
 */
final class CalVer implements Comparable<CalVer> {
    private static final Pattern NUMBERS = Pattern.compile("[0-9]+");

    private final String raw;
    private final String version;
    private final List<String> segments;
    private final List<Long> values;
    private final String modifier;

    private CalVer(String raw, String version, List<String> segments, List<Long> values, String modifier) {
        this.raw = raw;
        this.version = version;
        this.segments = segments;
        this.values = values;
        this.modifier = modifier;
    }

    /** The version, or null when {@code text} does not follow {@code format}. */
    static CalVer parseOrNull(CalVerFormat format, String text) {
        CalVerFormat.Parsed p = format.read(text);
        return p == null ? null : new CalVer(p.raw(), p.version(), p.segments(), p.values(), p.modifier());
    }

    /** Any dotted version read by its numbers ({@code 2024.5.1rc1}): to order a version of another scheme against a calendar one. */
    static CalVer loose(String text) {
        int i = 0;
        List<String> segments = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        Matcher m = NUMBERS.matcher(text);
        int end = 0;
        while (m.find() && (m.start() == end || m.start() == end + 1 || segments.isEmpty()) && i++ < 8) {
            segments.add(m.group());
            values.add(Long.parseLong(m.group().length() > 18 ? m.group().substring(0, 18) : m.group()));
            end = m.end();
        }
        String modifier = end < text.length() ? text.substring(end).replaceFirst("^[-._+]", "") : "";
        return new CalVer(text, text, segments, values, modifier);
    }

    String raw() {
        return raw;
    }

    /** As written without a leading {@code v}, leading zeros kept as the format says. */
    String version() {
        return version;
    }

    /** The n-th segment as written, "" when there is none. */
    String segment(int n) {
        return n < segments.size() ? segments.get(n) : "";
    }

    /** The n-th segment's number as text ({@code 05} -> {@code 5}), "" when there is none: equal for equal numbers. */
    String number(int n) {
        return n < values.size() ? String.valueOf(values.get(n)) : "";
    }

    String modifier() {
        return modifier;
    }

    boolean isPrerelease() {
        return !modifier.isEmpty();
    }

    @Override
    public int compareTo(CalVer o) {
        int n = Math.max(values.size(), o.values.size());
        for (int i = 0; i < n; i++) {
            long a = i < values.size() ? values.get(i) : 0;
            long b = i < o.values.size() ? o.values.get(i) : 0;
            if (a != b) {
                return Long.compare(a, b);
            }
        }
        if (modifier.isEmpty() || o.modifier.isEmpty()) {
            return Boolean.compare(modifier.isEmpty(), o.modifier.isEmpty());
        }
        return Precedence.comparePrerelease(List.of(modifier.split("\\.")), List.of(o.modifier.split("\\.")));
    }
}
