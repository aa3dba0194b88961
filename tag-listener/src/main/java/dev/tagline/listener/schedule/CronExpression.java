package dev.tagline.listener.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Classic five-field cron ({@code minute hour day-of-month month day-of-week}) read in a time zone:
 * lists ({@code 1,15}), ranges ({@code 1-5}), steps ({@code *}{@code /15}, {@code 0-30/10}), month and
 * weekday names ({@code JAN}, {@code MON}), Sunday as 0 or 7, and the macros {@code @yearly},
 * {@code @monthly}, {@code @weekly}, {@code @daily} ({@code @midnight}, {@code @nightly}) and
 * {@code @hourly}. As in Vixie cron, when both day fields are restricted a day matches either.
 * A local time skipped by a daylight-saving jump fires at the shifted instant; a repeated local time
 * fires once.
 */
public final class CronExpression {
    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@nightly", "0 0 * * *", "@hourly", "0 * * * *");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    /** Far enough for any expression that fires at all (leap days included). */
    private static final int SEARCH_DAYS = 366 * 9;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean domRestricted;
    private final boolean dowRestricted;

    private CronExpression(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
                           BitSet daysOfWeek, boolean domRestricted, boolean dowRestricted) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.domRestricted = domRestricted;
        this.dowRestricted = dowRestricted;
    }

    public static CronExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidCronException(String.valueOf(expression), "empty");
        }
        String trimmed = expression.trim();
        String expanded = trimmed.startsWith("@") ? MACROS.get(trimmed.toLowerCase(Locale.ROOT)) : trimmed;
        if (expanded == null) {
            throw new InvalidCronException(trimmed, "unknown macro (use @yearly, @monthly, @weekly, @daily, @hourly)");
        }
        String[] f = expanded.split("\\s+");
        if (f.length != 5) {
            throw new InvalidCronException(trimmed, "expected 5 fields (minute hour day-of-month month day-of-week), got " + f.length);
        }
        BitSet minutes = field(trimmed, "minute", f[0], 0, 59, null);
        BitSet hours = field(trimmed, "hour", f[1], 0, 23, null);
        BitSet dom = field(trimmed, "day-of-month", f[2], 1, 31, null);
        BitSet months = field(trimmed, "month", f[3], 1, 12, MONTHS);
        BitSet dow = field(trimmed, "day-of-week", f[4], 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        CronExpression cron = new CronExpression(trimmed, minutes, hours, dom, months, dow,
                !f[2].startsWith("*"), !f[4].startsWith("*"));
        if (cron.next(Instant.EPOCH, ZoneId.of("UTC")).isEmpty()) {
            throw new InvalidCronException(trimmed, "never fires (no such day)");
        }
        return cron;
    }

    private static BitSet field(String expr, String name, String spec, int min, int max, String[] names) {
        BitSet bits = new BitSet(max + 1);
        for (String item : spec.split(",", -1)) {
            if (item.isEmpty()) {
                throw new InvalidCronException(expr, name + " has an empty list item");
            }
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(expr, name, item.substring(slash + 1), 1, max, null);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max == 7 ? 6 : max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw new InvalidCronException(expr, name + " range '" + range + "' must be a-b");
                }
                from = number(expr, name, ends[0], min, max, names);
                to = number(expr, name, ends[1], min, max, names);
                if (from > to) {
                    throw new InvalidCronException(expr, name + " range '" + range + "' runs backwards");
                }
            } else {
                from = number(expr, name, range, min, max, names);
                to = slash >= 0 ? (max == 7 ? 6 : max) : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String expr, String name, String s, int min, int max, String[] names) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(s)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) {
                throw new InvalidCronException(expr, name + " value " + v + " is outside " + min + "-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidCronException(expr, name + " value '" + s + "' is not a number"
                    + (names != null ? " or a name" : ""));
        }
    }

    /** The first slot strictly after {@code after}, or empty if none within nine years. */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        LocalDateTime start = LocalDateTime.ofInstant(after, zone).withSecond(0).withNano(0);
        LocalDate day = start.toLocalDate();
        for (int d = 0; d < SEARCH_DAYS; d++, day = day.plusDays(1)) {
            if (!matchesDay(day)) {
                continue;
            }
            for (int h = hours.nextSetBit(0); h >= 0; h = hours.nextSetBit(h + 1)) {
                for (int m = minutes.nextSetBit(0); m >= 0; m = minutes.nextSetBit(m + 1)) {
                    LocalDateTime candidate = LocalDateTime.of(day, LocalTime.of(h, m));
                    if (candidate.isBefore(start)) {
                        continue;
                    }
                    Instant at = candidate.atZone(zone).toInstant();
                    if (at.isAfter(after)) {
                        return Optional.of(at);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The latest slot at or before {@code at}, or empty if none within nine years. */
    public Optional<Instant> latestAtOrBefore(Instant at, ZoneId zone) {
        LocalDateTime end = LocalDateTime.ofInstant(at, zone);
        LocalDate day = end.toLocalDate();
        for (int d = 0; d < SEARCH_DAYS; d++, day = day.minusDays(1)) {
            if (!matchesDay(day)) {
                continue;
            }
            for (int h = hours.previousSetBit(23); h >= 0; h = hours.previousSetBit(h - 1)) {
                for (int m = minutes.previousSetBit(59); m >= 0; m = minutes.previousSetBit(m - 1)) {
                    LocalDateTime candidate = LocalDateTime.of(day, LocalTime.of(h, m));
                    if (candidate.isAfter(end)) {
                        continue;
                    }
                    Instant slot = candidate.atZone(zone).toInstant();
                    if (!slot.isAfter(at)) {
                        return Optional.of(slot);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private boolean matchesDay(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(day.getDayOfMonth());
        DayOfWeek w = day.getDayOfWeek();
        boolean dow = daysOfWeek.get(w.getValue() % 7);
        if (domRestricted && dowRestricted) {
            return dom || dow;
        }
        return dom && dow;
    }

    @Override
    public String toString() {
        return text;
    }
}
