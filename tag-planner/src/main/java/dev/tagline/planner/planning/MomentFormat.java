package dev.tagline.planner.planning;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.WeekFields;
import java.util.List;
import java.util.Locale;

/**
 * Formats an instant with moment.js format tokens, as metadata-action's {@code {{date 'YYYYMMDD'}}}
 * does (English names, time zone UTC unless {@code tz=} says otherwise). Text in {@code [brackets]}
 * is literal; characters that are not tokens are copied.
 */
public final class MomentFormat {
    private static final List<String> TOKENS = List.of(
            "YYYYYY", "YYYY", "YY", "Y",
            "Qo", "Q",
            "MMMM", "MMM", "MM", "Mo", "M",
            "DDDD", "DDDo", "DDD", "DD", "Do", "D",
            "dddd", "ddd", "dd", "do", "d",
            "E", "e",
            "WW", "Wo", "W", "ww", "wo", "w",
            "GGGG", "GG", "gggg", "gg",
            "HH", "H", "hh", "h", "kk", "k",
            "mm", "m", "ss", "s",
            "SSSSSSSSS", "SSSSSSSS", "SSSSSSS", "SSSSSS", "SSSSS", "SSSS", "SSS", "SS", "S",
            "A", "a", "ZZ", "Z", "zz", "z", "X", "x");

    private MomentFormat() {
    }

    /** moment's default format: {@code YYYY-MM-DDTHH:mm:ssZ}, with {@code Z} for UTC. */
    public static String format(Instant instant, String pattern, ZoneId zone) {
        ZonedDateTime t = instant.atZone(zone);
        if (pattern == null) {
            boolean utc = t.getOffset().equals(ZoneOffset.UTC);
            return format(instant, utc ? "YYYY-MM-DDTHH:mm:ss[Z]" : "YYYY-MM-DDTHH:mm:ssZ", zone);
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        outer:
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '[') {
                int end = pattern.indexOf(']', i + 1);
                if (end > 0) {
                    out.append(pattern, i + 1, end);
                    i = end + 1;
                    continue;
                }
            }
            for (String token : TOKENS) {
                if (pattern.startsWith(token, i)) {
                    out.append(render(token, t));
                    i += token.length();
                    continue outer;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String render(String token, ZonedDateTime t) {
        int hour = t.getHour();
        return switch (token) {
            case "YYYYYY" -> (t.getYear() < 0 ? "-" : "+") + pad(Math.abs(t.getYear()), 6);
            case "YYYY" -> pad(t.getYear(), 4);
            case "YY" -> pad(Math.abs(t.getYear()) % 100, 2);
            case "Y" -> String.valueOf(t.getYear());
            case "Q" -> String.valueOf(t.get(IsoFields.QUARTER_OF_YEAR));
            case "Qo" -> ordinal(t.get(IsoFields.QUARTER_OF_YEAR));
            case "MMMM" -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "MMM" -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "MM" -> pad(t.getMonthValue(), 2);
            case "Mo" -> ordinal(t.getMonthValue());
            case "M" -> String.valueOf(t.getMonthValue());
            case "DDDD" -> pad(t.getDayOfYear(), 3);
            case "DDDo" -> ordinal(t.getDayOfYear());
            case "DDD" -> String.valueOf(t.getDayOfYear());
            case "DD" -> pad(t.getDayOfMonth(), 2);
            case "Do" -> ordinal(t.getDayOfMonth());
            case "D" -> String.valueOf(t.getDayOfMonth());
            case "dddd" -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case "ddd" -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "dd" -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH).substring(0, 2);
            case "do" -> ordinal(sundayBased(t.getDayOfWeek()));
            case "d", "e" -> String.valueOf(sundayBased(t.getDayOfWeek()));
            case "E" -> String.valueOf(t.getDayOfWeek().getValue());
            case "WW" -> pad(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2);
            case "Wo" -> ordinal(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "W" -> String.valueOf(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case "ww" -> pad(t.get(WeekFields.SUNDAY_START.weekOfWeekBasedYear()), 2);
            case "wo" -> ordinal(t.get(WeekFields.SUNDAY_START.weekOfWeekBasedYear()));
            case "w" -> String.valueOf(t.get(WeekFields.SUNDAY_START.weekOfWeekBasedYear()));
            case "GGGG" -> pad(t.get(IsoFields.WEEK_BASED_YEAR), 4);
            case "GG" -> pad(t.get(IsoFields.WEEK_BASED_YEAR) % 100, 2);
            case "gggg" -> pad(t.get(WeekFields.SUNDAY_START.weekBasedYear()), 4);
            case "gg" -> pad(t.get(WeekFields.SUNDAY_START.weekBasedYear()) % 100, 2);
            case "HH" -> pad(hour, 2);
            case "H" -> String.valueOf(hour);
            case "hh" -> pad(hour12(hour), 2);
            case "h" -> String.valueOf(hour12(hour));
            case "kk" -> pad(hour == 0 ? 24 : hour, 2);
            case "k" -> String.valueOf(hour == 0 ? 24 : hour);
            case "mm" -> pad(t.getMinute(), 2);
            case "m" -> String.valueOf(t.getMinute());
            case "ss" -> pad(t.getSecond(), 2);
            case "s" -> String.valueOf(t.getSecond());
            case "A" -> hour < 12 ? "AM" : "PM";
            case "a" -> hour < 12 ? "am" : "pm";
            case "Z" -> offset(t, ":");
            case "ZZ" -> offset(t, "");
            case "z", "zz" -> t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case "X" -> String.valueOf(t.toEpochSecond());
            case "x" -> String.valueOf(t.toInstant().toEpochMilli());
            default -> fraction(token.length(), t.get(ChronoField.NANO_OF_SECOND));
        };
    }

    private static int sundayBased(DayOfWeek d) {
        return d.getValue() % 7;
    }

    private static int hour12(int hour) {
        int h = hour % 12;
        return h == 0 ? 12 : h;
    }

    private static String fraction(int digits, int nanos) {
        String nine = pad(nanos, 9);
        // moment keeps milliseconds only; further digits are zeros
        String millis = nine.substring(0, 3) + "000000";
        return millis.substring(0, digits);
    }

    private static String offset(ZonedDateTime t, String separator) {
        int seconds = t.getOffset().getTotalSeconds();
        String sign = seconds < 0 ? "-" : "+";
        seconds = Math.abs(seconds);
        return sign + pad(seconds / 3600, 2) + separator + pad((seconds / 60) % 60, 2);
    }

    private static String pad(long value, int width) {
        String s = String.valueOf(Math.abs(value));
        StringBuilder sb = new StringBuilder(value < 0 ? "-" : "");
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s).toString();
    }

    private static String ordinal(int n) {
        int mod100 = n % 100;
        String suffix;
        if (mod100 >= 11 && mod100 <= 13) {
            suffix = "th";
        } else {
            suffix = switch (n % 10) {
                case 1 -> "st";
                case 2 -> "nd";
                case 3 -> "rd";
                default -> "th";
            };
        }
        return n + suffix;
    }
}
