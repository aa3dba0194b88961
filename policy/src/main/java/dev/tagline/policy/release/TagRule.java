package dev.tagline.policy.release;

import dev.tagline.policy.InvalidPolicyException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One docker/metadata-action tag expression ({@code type=semver,pattern={{major}}.{{minor}}}),
 * parsed with its defaults filled in. Common attributes: {@code enable} (a template that must give
 * {@code true} or {@code false}), {@code priority} (higher comes first), {@code prefix} and
 * {@code suffix} (templates; when set they replace the flavor's prefix/suffix for this rule).
 */
public sealed interface TagRule {

    /** metadata-action's default priorities. */
    int SCHEDULE_PRIORITY = 1000;
    int SEMVER_PRIORITY = 900;
    int PEP440_PRIORITY = 900;
    int CALVER_PRIORITY = 900;
    int MATCH_PRIORITY = 800;
    int EDGE_PRIORITY = 700;
    int REF_PRIORITY = 600;
    int RAW_PRIORITY = 200;
    int SHA_PRIORITY = 100;

    /** The tag list used when a policy has no {@code tags}: metadata-action's default. */
    List<String> DEFAULT_TAGS = List.of("type=schedule", "type=ref,event=branch", "type=ref,event=tag", "type=ref,event=pr");

    /** The attributes every rule has. */
    record Common(String source, Template enable, int priority, Template prefix, Template suffix) {
    }

    Common common();

    default String source() {
        return common().source();
    }

    default int priority() {
        return common().priority();
    }

    /** Calls the visitor's method for this rule's type: adding a type fails to compile until every visitor handles it. */
    void accept(Visitor visitor);

    /** One method per rule type. */
    interface Visitor {
        void schedule(Schedule rule);

        void semver(Semver rule);

        void pep440(Pep440 rule);

        void calver(CalVer rule);

        void match(Match rule);

        void edge(Edge rule);

        void ref(Ref rule);

        void raw(Raw rule);

        void sha(Sha rule);
    }

    /** {@code type=schedule[,pattern=nightly]}: on scheduled events only. */
    record Schedule(Common common, Template pattern) implements TagRule {
        @Override
        public void accept(Visitor visitor) {
            visitor.schedule(this);
        }
    }

    /**
     * {@code type=semver,pattern=...[,value=...][,match=<regex>]}: a semantic version from the git tag (or {@code value});
     * with {@code match}, the regex's first group of it (the whole text when the regex does not match, as metadata-action).
     */
    record Semver(Common common, Template pattern, Template value, Pattern match) implements TagRule {
        @Override
        public void accept(Visitor visitor) {
            visitor.semver(this);
        }
    }

    /** {@code type=pep440,pattern=...[,value=...][,match=<regex>]}: a Python PEP 440 version, as {@link Semver}. */
    record Pep440(Common common, Template pattern, Template value, Pattern match) implements TagRule {
        @Override
        public void accept(Visitor visitor) {
            visitor.pep440(this);
        }
    }

    /**
     * tagline: {@code type=calver,format=YYYY.0M.0D,pattern=...[,value=...][,match=<regex>]}: a calendar version in the
     * declared {@link CalVerFormat}; pattern fields {@code version raw major minor micro modifier} (the segments as written).
     */
    record CalVer(Common common, Template pattern, Template value, Pattern match, CalVerFormat format) implements TagRule {
        @Override
        public void accept(Visitor visitor) {
            visitor.calver(this);
        }
    }

    /** {@code type=match,pattern=<regex>[,group=0][,value=...]}: a regex group of the git tag (or {@code value}). */
    record Match(Common common, String pattern, Pattern regex, int group, Template value) implements TagRule {
        @Override
        public void accept(Visitor visitor) {
            visitor.match(this);
        }
    }

    /** {@code type=edge[,branch=<default branch>]}: {@code edge} for pushes to that branch. */
    record Edge(Common common, String branch) implements TagRule {
        @Override
        public void accept(Visitor visitor) {
            visitor.edge(this);
        }
    }

    /** {@code type=ref,event=branch|tag|pr}: the branch name, the git tag, or the pull request number. */
    record Ref(Common common, RefKind event) implements TagRule {
        @Override
        public void accept(Visitor visitor) {
            visitor.ref(this);
        }
    }

    /** {@code type=raw,value=...} (or a bare word): a fixed (templated) tag. */
    record Raw(Common common, Template value) implements TagRule {
        @Override
        public void accept(Visitor visitor) {
            visitor.raw(this);
        }
    }

    /** {@code type=sha[,prefix=sha-][,format=short|long]}: the commit. */
    record Sha(Common common, ShaFormat format) implements TagRule {
        @Override
        public void accept(Visitor visitor) {
            visitor.sha(this);
        }
    }

    enum RefKind { BRANCH, TAG, PR }

    enum ShaFormat { SHORT, LONG }

    /**
     * Parses one rule line.
     *
     * @throws InvalidPolicyException naming the rule and what is wrong
     */
    static TagRule parse(String line) {
        String subject = "tag rule '" + line + "'";
        Map<String, String> attrs = new LinkedHashMap<>();
        String type = null;
        List<String> fields = Csv.fields(line, subject);
        for (String field : fields) {
            String[] kv = Csv.keyValue(field);
            if (kv.length == 1) {
                if (kv[0].isEmpty()) {
                    continue;
                }
                attrs.put("value", kv[0]);
            } else {
                String key = kv[0].toLowerCase(Locale.ROOT);
                if (key.equals("type")) {
                    type = kv[1];
                } else {
                    attrs.put(key, kv[1]);
                }
            }
        }
        if (type == null) {
            type = "raw";
        }
        Set<String> allowed = switch (type) {
            case "schedule" -> Set.of("pattern");
            case "semver", "pep440" -> Set.of("pattern", "value", "match");
            case "calver" -> Set.of("pattern", "value", "match", "format");
            case "match" -> Set.of("pattern", "group", "value");
            case "edge" -> Set.of("branch");
            case "ref" -> Set.of("event");
            case "raw" -> Set.of("value");
            case "sha" -> Set.of("format");
            default -> throw new InvalidPolicyException(subject,
                    "unknown tag type '" + type + "' (expected schedule, semver, pep440, calver, match, edge, ref, raw or sha)");
        };
        for (String key : attrs.keySet()) {
            if (!allowed.contains(key) && !Set.of("enable", "priority", "prefix", "suffix").contains(key)) {
                throw new InvalidPolicyException(subject, "unknown attribute '" + key + "' for type=" + type);
            }
        }
        Common common = common(line, subject, type, attrs);
        return switch (type) {
            case "schedule" -> new Schedule(common, template(subject, attrs.getOrDefault("pattern", "nightly")));
            case "semver" -> new Semver(common, template(subject, require(subject, attrs, "pattern")),
                    template(subject, attrs.getOrDefault("value", "")), versionMatch(subject, attrs));
            case "pep440" -> new Pep440(common, template(subject, require(subject, attrs, "pattern")),
                    template(subject, attrs.getOrDefault("value", "")), versionMatch(subject, attrs));
            case "calver" -> new CalVer(common, template(subject, require(subject, attrs, "pattern")),
                    template(subject, attrs.getOrDefault("value", "")), versionMatch(subject, attrs), calverFormat(subject, attrs));
            case "match" -> match(common, subject, attrs);
            case "edge" -> new Edge(common, attrs.getOrDefault("branch", ""));
            case "ref" -> new Ref(common, refKind(subject, attrs));
            case "raw" -> new Raw(common, template(subject, require(subject, attrs, "value")));
            case "sha" -> new Sha(common, shaFormat(subject, attrs));
            default -> throw new IllegalStateException(type);
        };
    }

    /** Parses every line (or metadata-action's default list when empty) and sorts by priority, highest first, stable. */
    static List<TagRule> transform(List<String> lines) {
        List<TagRule> rules = new ArrayList<>();
        for (String line : lines.isEmpty() ? DEFAULT_TAGS : lines) {
            rules.add(parse(line));
        }
        rules.sort(Comparator.comparingInt(TagRule::priority).reversed());
        return List.copyOf(rules);
    }

    private static Common common(String line, String subject, String type, Map<String, String> attrs) {
        Template enable = template(subject, attrs.getOrDefault("enable", "true"));
        if (enable.names().isEmpty() && !enable.source().equals("true") && !enable.source().equals("false")) {
            throw new InvalidPolicyException(subject, "enable must be true, false or a template such as {{is_default_branch}}, was '"
                    + enable.source() + "'");
        }
        int priority = defaultPriority(type);
        if (attrs.containsKey("priority")) {
            try {
                priority = Integer.parseInt(attrs.get("priority"));
            } catch (NumberFormatException e) {
                throw new InvalidPolicyException(subject, "priority must be an integer, was '" + attrs.get("priority") + "'");
            }
        }
        String prefix = attrs.get("prefix");
        if (prefix == null && type.equals("sha")) {
            prefix = "sha-";
        }
        if (prefix == null && type.equals("ref") && "pr".equals(attrs.get("event"))) {
            prefix = "pr-";
        }
        String suffix = attrs.get("suffix");
        return new Common(line, enable, priority,
                prefix == null ? null : template(subject, prefix),
                suffix == null ? null : template(subject, suffix));
    }

    private static int defaultPriority(String type) {
        return switch (type) {
            case "schedule" -> SCHEDULE_PRIORITY;
            case "semver" -> SEMVER_PRIORITY;
            case "pep440" -> PEP440_PRIORITY;
            case "calver" -> CALVER_PRIORITY;
            case "match" -> MATCH_PRIORITY;
            case "edge" -> EDGE_PRIORITY;
            case "ref" -> REF_PRIORITY;
            case "raw" -> RAW_PRIORITY;
            default -> SHA_PRIORITY;
        };
    }

    private static String require(String subject, Map<String, String> attrs, String key) {
        String v = attrs.get(key);
        if (v == null) {
            throw new InvalidPolicyException(subject, "missing " + key + " attribute");
        }
        return v;
    }

    private static Template template(String subject, String source) {
        try {
            return Template.parse(source);
        } catch (InvalidPolicyException e) {
            throw new InvalidPolicyException(subject, e.problem() + " in '" + source + "'");
        }
    }

    private static Match match(Common common, String subject, Map<String, String> attrs) {
        String pattern = require(subject, attrs, "pattern");
        String groupText = attrs.getOrDefault("group", "0");
        int group;
        try {
            group = groupText.isBlank() ? 0 : Integer.parseInt(groupText.trim());
        } catch (NumberFormatException e) {
            throw new InvalidPolicyException(subject, "invalid match group '" + groupText + "' (a number is expected)");
        }
        if (group < 0) {
            throw new InvalidPolicyException(subject, "invalid match group '" + groupText + "'");
        }
        return new Match(common, pattern, regex(subject, pattern), group, template(subject, attrs.getOrDefault("value", "")));
    }

    /** {@code match=}: a regex whose first group is the version (metadata-action: {@code vraw.match(match)[1]}); null when absent or empty. */
    private static Pattern versionMatch(String subject, Map<String, String> attrs) {
        String match = attrs.getOrDefault("match", "");
        if (match.isEmpty()) {
            return null;
        }
        Pattern p = regex(subject, match);
        if (p.matcher("").groupCount() < 1) {
            throw new InvalidPolicyException(subject, "match attribute '" + match + "' needs a capturing group: its first group is the version");
        }
        return p;
    }

    private static CalVerFormat calverFormat(String subject, Map<String, String> attrs) {
        try {
            return CalVerFormat.parse(require(subject, attrs, "format"));
        } catch (InvalidPolicyException e) {
            throw new InvalidPolicyException(subject, e.problem());
        }
    }

    /** A JavaScript regex: {@code /body/flags} or a plain body. */
    private static Pattern regex(String subject, String pattern) {
        String body = pattern;
        int flags = 0;
        java.util.regex.Matcher m = Pattern.compile("^/(.+)/(.*)$").matcher(pattern);
        if (m.matches()) {
            body = m.group(1);
            for (char f : m.group(2).toCharArray()) {
                switch (f) {
                    case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                    case 'm' -> flags |= Pattern.MULTILINE;
                    case 's' -> flags |= Pattern.DOTALL;
                    case 'g', 'u', 'y', 'd' -> { }
                    default -> throw new InvalidPolicyException(subject, "unknown regex flag '" + f + "'");
                }
            }
        }
        try {
            return Pattern.compile(body, flags);
        } catch (PatternSyntaxException e) {
            throw new InvalidPolicyException(subject, "invalid pattern: " + e.getDescription());
        }
    }

    private static RefKind refKind(String subject, Map<String, String> attrs) {
        String event = require(subject, attrs, "event");
        return switch (event) {
            case "branch" -> RefKind.BRANCH;
            case "tag" -> RefKind.TAG;
            case "pr" -> RefKind.PR;
            default -> throw new InvalidPolicyException(subject, "invalid event '" + event + "' (expected branch, tag or pr)");
        };
    }

    private static ShaFormat shaFormat(String subject, Map<String, String> attrs) {
        String format = attrs.getOrDefault("format", "short");
        return switch (format) {
            case "short" -> ShaFormat.SHORT;
            case "long" -> ShaFormat.LONG;
            default -> throw new InvalidPolicyException(subject, "invalid format '" + format + "' (expected short or long)");
        };
    }
}
