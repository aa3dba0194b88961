package dev.tagline.policy.release;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which events build at all ({@code on:} in the policy). Null lists mean "every"; an empty list means "none".
 *
 * @param tags         globs of tag names ({@code v*})
 * @param branches     globs of branch names ({@code main}, {@code release/**})
 * @param pullRequests whether pull request refs build
 * @param schedules    schedule names
 */
public record Triggers(List<String> tags, List<String> branches, boolean pullRequests, List<String> schedules) {
    public static final Triggers ALL = new Triggers(null, null, true, null);
    /** Compiled globs: they come from policies, so there are few, and every event tests them. */
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();
    private static final int MAX_COMPILED = 10_000;

    /** {@code *} matches within one path segment, {@code **} across segments, {@code ?} one character. */
    public static boolean glob(String glob, String name) {
        if (glob.indexOf('*') < 0 && glob.indexOf('?') < 0) {
            return glob.equals(name); // a plain name ("main"): what its pattern of quoted characters matches
        }
        Pattern pattern = COMPILED.get(glob);
        if (pattern == null) {
            pattern = compile(glob);
            if (COMPILED.size() < MAX_COMPILED) {
                COMPILED.put(glob, pattern);
            }
        }
        return pattern.matcher(name).matches();
    }

    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    re.append(".*");
                    i++;
                } else {
                    re.append("[^/]*");
                }
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    public static boolean anyGlob(List<String> globs, String name) {
        if (globs == null) {
            return true;
        }
        for (String g : globs) {
            if (glob(g, name)) {
                return true;
            }
        }
        return false;
    }
}
