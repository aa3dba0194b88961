package dev.tagline.policy.retention;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.PolicyParser;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.InvalidValueException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@code retention:} section of a policy file (see {@link PolicyParser}, which calls it with the
 * section's values and places its errors on a line), or a bare retention document for
 * {@code tagline prune plan --policy FILE}. Keys are matched ignoring case, {@code -} and {@code _}
 * ({@code keepLast}, {@code keep-last}, {@code keep_last}); unknown keys are errors. Every error is an
 * {@link InvalidPolicyException} whose subject is the field's path ({@code retention.keepLast[0].pattern}).
 */
public final class RetentionPolicyParser {
    /**
     * What {@code keepReleases} keeps: tags that look like a release version ({@code 1}, {@code 1.2},
     * {@code 1.2.3}, {@code v1.2.3}, with a prerelease or variant suffix) and {@code latest[-variant]}.
     */
    public static final List<TagPattern> RELEASE_TAGS = List.of(
            TagPattern.regex("^v?\\d+(\\.\\d+){0,2}([-+][0-9A-Za-z.+_-]*)?$"),
            TagPattern.regex("^latest(-[0-9A-Za-z._-]+)?$"));

    private RetentionPolicyParser() {
    }

    /** Loads YAML or JSON into plain maps and lists (no custom types); for snapshot and ECR JSON files, not policies. */
    public static Object load(String text, String source) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            return new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new InvalidPolicyException(source + ": not valid YAML/JSON: " + e.getMessage().replace('\n', ' '), e);
        }
    }

    /**
     * A whole policy file's retention section, or a bare retention document (only the retention keys).
     * Both are read by {@link PolicyParser}: errors are {@code source:line: field: problem}.
     */
    public static RetentionPolicy parse(String text, String source) {
        return PolicyParser.parseRetention(source, text);
    }

    /**
     * Reads one retention mapping.
     *
     * @param section the section's values (maps, lists, strings, numbers, booleans)
     * @param prefix  {@code "retention."} inside a policy file, {@code ""} for a bare document; starts every error's subject
     */
    public static RetentionPolicy section(Object section, String prefix) {
        String name = prefix.isEmpty() ? "retention" : prefix.substring(0, prefix.length() - 1);
        if (!(section instanceof Map<?, ?> raw)) {
            throw new InvalidPolicyException(name, "must be a mapping (key: value)");
        }
        Map<String, Object> r = normalize(raw);
        String at = prefix;
        List<TagPattern> candidates = new ArrayList<>(globs(take(r, "candidates", "candidatepatterns", "candidate"), at + "candidates"));
        List<TagPattern> keep = new ArrayList<>(globs(take(r, "keep", "keeppatterns", "keeptags"), at + "keep"));
        // The tag-planner's format: keepLast [{pattern, count}], protect [regex], keepReleases, protectDigests.
        Object keepLastRaw = r.get("keeplast");
        boolean plannerFormat = keepLastRaw instanceof List<?> || r.containsKey("protect") || r.containsKey("keepreleases");
        List<RetentionPolicy.CountRule> perPattern = new ArrayList<>();
        if (keepLastRaw instanceof List<?> rules) {
            r.remove("keeplast");
            for (int i = 0; i < rules.size(); i++) {
                String field = at + "keepLast[" + i + "]";
                if (!(rules.get(i) instanceof Map<?, ?> rule) || !(rule.get("pattern") instanceof String pattern) || rule.get("count") == null) {
                    throw new InvalidPolicyException(field, "must be {pattern: <regex>, count: <n>}");
                }
                Integer count = integer(rule.get("count"), field + ".count");
                try {
                    perPattern.add(new RetentionPolicy.CountRule(TagPattern.regex(pattern), count));
                } catch (InvalidPolicyException e) {
                    throw new InvalidPolicyException(field + ".pattern", e.problem());
                }
            }
        }
        keep.addAll(each(take(r, "protect"), at + "protect", TagPattern::regex));
        Boolean keepReleases = bool(take(r, "keepreleases"), at + "keepReleases");
        if (plannerFormat) {
            if (!Boolean.FALSE.equals(keepReleases)) {
                keep.addAll(RELEASE_TAGS);
            }
            if (candidates.isEmpty()) {
                candidates.add(Glob.parse("*")); // "a tag is kept when any rule keeps it; everything else may be pruned"
            }
        }
        Set<ImageTag> protectedTags = new TreeSet<>();
        Set<Digest> protectedDigests = new TreeSet<>();
        Object prot = take(r, "protected");
        if (prot instanceof Map<?, ?> pm) {
            Map<String, Object> p = normalize(pm);
            protectedTags.addAll(each(take(p, "tags"), at + "protected.tags", ImageTag::parse));
            protectedDigests.addAll(each(take(p, "digests"), at + "protected.digests", Digest::parse));
            rejectUnknown(p, at + "protected.");
        } else if (prot != null) {
            throw new InvalidPolicyException(at + "protected", "must be a mapping with tags and digests");
        }
        protectedTags.addAll(each(take(r, "protectedtags"), at + "protectedTags", ImageTag::parse));
        protectedDigests.addAll(each(take(r, "protecteddigests", "protectdigests"), at + "protectedDigests", Digest::parse));
        Optional<Integer> keepLast = Optional.ofNullable(integer(take(r, "keeplast", "keeplastn", "keepnewest", "keepcount"), at + "keepLast"));
        Optional<Duration> keepWithin = Optional.ofNullable(duration(take(r, "keepwithin", "keepyoungerthan", "maxage"), at + "keepWithin"));
        RetentionPolicy.CountMode mode = countMode(take(r, "countmode", "keeplastcounts", "keeplastmode"), at + "countMode");
        Duration grace = duration(take(r, "graceperiod", "grace"), at + "gracePeriod");
        Boolean untagged = bool(take(r, "untagged", "untaggedcandidates"), at + "untagged");
        List<RetentionRule> rules = rules(take(r, "rules"), at + "rules");
        rejectUnknown(r, at);
        if (candidates.isEmpty() && rules.isEmpty()) {
            throw new InvalidPolicyException(at + "candidates", "must list at least one tag pattern (e.g. sha-*): without it nothing could ever be removed");
        }
        return new RetentionPolicy(candidates, keep, protectedTags, protectedDigests, keepLast, keepWithin, mode,
                grace == null ? RetentionPolicy.DEFAULT_GRACE : grace, Boolean.TRUE.equals(untagged), perPattern, rules);
    }

    /**
     * {@code rules: [{keep|delete: {tags: [glob..] | regex: [..] | untagged: true, last: N, olderThan: D,
     * newerThan: D, countBy: images|tags}}]}, or the same with {@code action: keep|delete} inline.
     */
    private static List<RetentionRule> rules(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidPolicyException(field, "must be a list of rules");
        }
        List<RetentionRule> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = field + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                throw new InvalidPolicyException(at, "must be a mapping like {delete: {tags: [sha-*], olderThan: 30d}}");
            }
            Map<String, Object> m = normalize(raw);
            Boolean keep = null;
            if (m.size() == 1 && (m.containsKey("keep") || m.containsKey("delete")) && m.values().iterator().next() instanceof Map<?, ?> inner) {
                keep = m.containsKey("keep");
                m = normalize(inner);
            } else {
                Object action = take(m, "action");
                if ("keep".equals(action) || "retain".equals(action)) {
                    keep = true;
                } else if ("delete".equals(action) || "expire".equals(action)) {
                    keep = false;
                }
            }
            if (keep == null) {
                throw new InvalidPolicyException(at, "needs an action: keep or delete");
            }
            List<TagPattern> patterns = new ArrayList<>(globs(take(m, "tags", "tag"), at + ".tags"));
            patterns.addAll(each(take(m, "regex", "regexes", "pattern"), at + ".regex", TagPattern::regex));
            Boolean untagged = bool(take(m, "untagged"), at + ".untagged");
            Integer last = integer(take(m, "last", "keeplast", "count"), at + ".last");
            Duration olderThan = duration(take(m, "olderthan"), at + ".olderThan");
            Duration newerThan = duration(take(m, "newerthan", "within"), at + ".newerThan");
            Object countBy = take(m, "countby");
            if (countBy != null && !List.of("images", "tags").contains(String.valueOf(countBy))) {
                throw new InvalidPolicyException(at + ".countBy", "must be images or tags");
            }
            if (!m.isEmpty()) {
                throw new InvalidPolicyException(at, "unknown key(s) " + m.keySet() + "; known: tags, regex, untagged, last, olderThan, newerThan, countBy");
            }
            try {
                out.add(new RetentionRule(i + 1, keep, patterns, Boolean.TRUE.equals(untagged), last, olderThan, newerThan, "tags".equals(countBy)));
            } catch (InvalidPolicyException e) {
                throw new InvalidPolicyException(at, e.problem());
            }
        }
        return out;
    }

    private static Map<String, Object> normalize(Map<?, ?> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(String.valueOf(k).replace("-", "").replace("_", "").toLowerCase(Locale.ROOT), v));
        return out;
    }

    private static Object take(Map<String, Object> map, String... keys) {
        Object found = null;
        for (String k : keys) {
            if (map.containsKey(k)) {
                Object v = map.remove(k);
                if (found == null) {
                    found = v;
                }
            }
        }
        return found;
    }

    private static void rejectUnknown(Map<String, Object> rest, String at) {
        // A whole release policy carries other sections; only complain inside a retention section or a bare retention document.
        rest.keySet().removeIf(k -> List.of("images", "tags", "flavor", "labels", "variants", "channels", "platforms",
                "repository", "metadata", "image", "recipe", "schemaversion", "name", "source", "floating", "historyaware").contains(k));
        if (!rest.isEmpty()) {
            throw new InvalidPolicyException(at.isEmpty() ? "retention" : at.substring(0, at.length() - 1), "unknown key(s) " + rest.keySet()
                    + "; known: candidates, keep, protectedTags, protectedDigests, protected{tags,digests}, keepLast, keepWithin, countMode, gracePeriod, untagged, rules"
                    + " (or the tag-planner's keepLast [{pattern, count}], keepYoungerThan, keepReleases, protect, protectDigests)");
        }
    }

    private static List<String> strings(Object value, String field) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object v = list.get(i);
                if (!(v instanceof String || v instanceof Number) || String.valueOf(v).isEmpty()) {
                    throw new InvalidPolicyException(field + "[" + i + "]", "must be a non-empty string");
                }
                out.add(String.valueOf(v));
            }
            return out;
        }
        throw new InvalidPolicyException(field, "must be a list of strings");
    }

    private static List<TagPattern> globs(Object value, String field) {
        return strings(value, field).stream().map(g -> (TagPattern) Glob.parse(g)).toList();
    }

    /** Each string of {@code value} parsed, a problem reported at {@code field}. */
    private static <T> List<T> each(Object value, String field, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        for (String s : strings(value, field)) {
            try {
                out.add(parse.apply(s));
            } catch (InvalidPolicyException e) {
                throw new InvalidPolicyException(field, e.problem());
            } catch (InvalidValueException e) {
                throw new InvalidPolicyException(field, e.getMessage());
            }
        }
        return out;
    }

    /** true, false or null when absent. */
    private static Boolean bool(Object value, String field) {
        if (value != null && !(value instanceof Boolean)) {
            throw new InvalidPolicyException(field, "must be true or false");
        }
        return (Boolean) value;
    }

    private static Integer integer(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer i) {
            if (i < 0) {
                throw new InvalidPolicyException(field, "must be 0 or more, got " + i);
            }
            return i;
        }
        throw new InvalidPolicyException(field, "must be a whole number, got " + value);
    }

    private static Duration duration(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer seconds) {
            return Duration.ofSeconds(seconds);
        }
        return Durations.parse(field, String.valueOf(value));
    }

    private static RetentionPolicy.CountMode countMode(Object value, String field) {
        if (value == null) {
            return RetentionPolicy.CountMode.ALL;
        }
        return switch (String.valueOf(value).toLowerCase(Locale.ROOT).replace("_", "-")) {
            case "all", "among-all", "total", "all-candidates" -> RetentionPolicy.CountMode.ALL;
            case "beyond-window", "additional", "in-addition", "beyond-age-window", "plus-window" -> RetentionPolicy.CountMode.BEYOND_WINDOW;
            default -> throw new InvalidPolicyException(field, "must be all (N counted among all candidates) or beyond-window (N in addition to the age window), got " + value);
        };
    }
}
