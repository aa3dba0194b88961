package dev.tagline.planner.planning;

import dev.tagline.policy.release.Flavor;
import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.release.TagRule;
import dev.tagline.policy.release.Template;
import dev.tagline.policy.release.VariantSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker/metadata-action's {@code getVersion()}: runs the sorted tag rules against one event and
 * gives the main version, the partial tags, whether {@code latest} applies, plus (for tagline) how
 * far each tag floats and the release version the event carries.
 */
final class MetadataEngine implements TagRule.Visitor {
    private static final Pattern UNSAFE = Pattern.compile("[^a-zA-Z0-9._-]+");
    private static final Pattern JS_REGEX = Pattern.compile("^/(.+)/(.*)$");

    /**
     * metadata-action's Version, with each tag's {@link Scope} and the event's release version (or null).
     *
     * @param versionRule true when {@code release} was read by a version rule (semver, pep440, calver), false when it is
     *                    only the git tag read as a semver (a {@code type=match} or {@code type=ref} tag)
     */
    record Computed(String main, List<String> partial, boolean latest, Map<String, Scope> scopes, ReleaseVersion release,
                    boolean versionRule) {
        /** main, partials, in order. */
        List<String> versions() {
            List<String> out = new ArrayList<>();
            if (main != null) {
                out.add(main);
                out.addAll(partial);
            }
            return out;
        }
    }

    private final Flavor flavor;
    private final RefContext ctx;

    private String main;
    private final List<String> partial = new ArrayList<>();
    private Boolean latest;
    private final Map<String, Scope> scopes = new LinkedHashMap<>();
    private ReleaseVersion release;
    private boolean versionRule;

    private MetadataEngine(Flavor flavor, RefContext ctx) {
        this.flavor = flavor;
        this.ctx = ctx;
    }

    static Computed compute(List<TagRule> rules, Flavor flavor, RefContext ctx) {
        MetadataEngine e = new MetadataEngine(flavor, ctx);
        for (TagRule rule : rules) {
            if (!enabled(rule.common().enable(), rule.source(), ctx)) {
                continue;
            }
            rule.accept(e);
        }
        if (e.release == null && ctx.isTag()) {
            SemVer v = SemVer.parseOrNull(ctx.tag().replace('/', '-'));
            e.release = v == null ? null : ReleaseVersion.of(v);
        }
        List<String> partial = e.partial.size() < 2 ? List.copyOf(e.partial) : List.copyOf(new LinkedHashSet<>(e.partial));
        // the engine is dropped here: its map needs no copy
        return new Computed(e.main, partial, e.latest != null && e.latest, Collections.unmodifiableMap(e.scopes), e.release,
                e.versionRule);
    }

    /** Renders an {@code enable} template; it must give {@code true} or {@code false}. */
    static boolean enabled(Template enable, String subject, RefContext ctx) {
        return enabled(enable, ctx, subject, null);
    }

    /** A variant's {@code enable}, as {@link #enabled(Template, String, RefContext)}. */
    static boolean enabled(VariantSpec variant, RefContext ctx) {
        return enabled(variant.enable(), ctx, null, variant);
    }

    /** The subject of a variant's template is spelled out only when its value is invalid: this runs for every variant and event. */
    private static boolean enabled(Template enable, RefContext ctx, String subject, VariantSpec variant) {
        String v = Expressions.render(enable, ctx);
        if (!v.equals("true") && !v.equals("false")) {
            String what = variant == null ? subject : "variant " + variant.name() + " enable";
            throw new InvalidPolicyException("'" + what + "'", "invalid value for enable attribute: " + v);
        }
        return v.equals("true");
    }

    /** metadata-action's sanitizeTag. */
    static String sanitize(String tag) {
        // most tags are already safe: checking by hand spares the regex and a copy (it ran several times per plan)
        for (int i = 0; i < tag.length(); i++) {
            char c = tag.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
            if (!safe) {
                return UNSAFE.matcher(tag).replaceAll("-");
            }
        }
        return tag;
    }

    /** {@link #sanitize}, then a valid OCI tag: no leading {@code .}/{@code -}, at most 128 characters; "" when nothing is left. */
    static String ociTag(String tag) {
        String s = sanitize(tag);
        int start = 0;
        while (start < s.length() && (s.charAt(start) == '.' || s.charAt(start) == '-')) {
            start++;
        }
        s = s.substring(start);
        return s.length() > 128 ? s.substring(0, 128) : s;
    }

    private boolean latestFor(boolean auto) {
        return switch (flavor.latest()) {
            case AUTO -> auto;
            case TRUE -> true;
            case FALSE -> false;
        };
    }

    private String global(Template t) {
        return Expressions.render(t, ctx);
    }

    @Override
    public void schedule(TagRule.Schedule r) {
        if (!ctx.isSchedule()) {
            return;
        }
        String vraw = r.pattern().render(new Expressions(ctx, true));
        set(value(vraw, r), latestFor(false), Scope.EXACT);
    }

    /**
     * The text a version rule reads: {@code value} or the git tag, then {@code match}'s first group (kept whole when the
     * regex does not match, as metadata-action), {@code /} as {@code -}; null when the rule does not apply.
     */
    private String versionText(Template value, Pattern match) {
        if (!ctx.isTag() && value.source().isEmpty()) {
            return null;
        }
        String vraw = value.source().isEmpty() ? ctx.tag() : global(value);
        if (match != null) {
            Matcher m = match.matcher(vraw);
            if (m.find()) {
                vraw = m.group(1);
                if (vraw == null) {
                    return null; // the group did not take part: metadata-action fails on undefined
                }
            }
        }
        return vraw.replace('/', '-');
    }

    /** A prerelease's tag: {@code {{raw}}} when the pattern is exactly that, else the version after the pattern's leading text ({@code v}). */
    private static String prereleaseTag(Template pattern, String raw, String version) {
        return pattern.isSingle("raw") ? raw : pattern.leadingText() + version;
    }

    private void found(ReleaseVersion v) {
        if (release == null || !versionRule) {
            release = v;
            versionRule = true;
        }
    }

    @Override
    public void semver(TagRule.Semver r) {
        String vraw = versionText(r.value(), r.match());
        SemVer v = vraw == null ? null : SemVer.parseOrNull(vraw);
        if (v == null) {
            return;
        }
        versionTags(r, r.pattern(), ReleaseVersion.of(v), v.raw(), (name, params, hash) -> switch (name) {
            case "version" -> v.version();
            case "major" -> String.valueOf(v.major());
            case "minor" -> String.valueOf(v.minor());
            case "patch" -> String.valueOf(v.patch());
            case "raw" -> v.raw();
            case "prerelease" -> SemVer.joined(v.prerelease());
            case "build" -> SemVer.joined(v.build());
            default -> null;
        });
    }

    @Override
    public void pep440(TagRule.Pep440 r) {
        String vraw = versionText(r.value(), r.match());
        Pep440 v = vraw == null ? null : Pep440.parseOrNull(vraw);
        if (v == null) {
            return;
        }
        versionTags(r, r.pattern(), ReleaseVersion.of(v), vraw, (name, params, hash) -> switch (name) {
            case "raw" -> vraw;
            case "version" -> v.normalized();
            case "major" -> v.major();
            case "minor" -> v.minor();
            case "patch" -> v.patch();
            default -> null;
        });
    }

    @Override
    public void calver(TagRule.CalVer r) {
        String vraw = versionText(r.value(), r.match());
        CalVer v = vraw == null ? null : CalVer.parseOrNull(r.format(), vraw);
        if (v == null) {
            return;
        }
        versionTags(r, r.pattern(), ReleaseVersion.of(v), v.raw(), (name, params, hash) -> switch (name) {
            case "raw" -> v.raw();
            case "version" -> v.version();
            case "major" -> v.segment(0);
            case "minor" -> v.segment(1);
            case "micro", "patch" -> v.segment(2);
            case "modifier" -> v.modifier();
            default -> null;
        });
    }

    /**
     * What the three version rules share: a final release renders the rule's pattern (its scope gives the floating
     * tag's reach); a prerelease gives one exact tag ({@code {{raw}}}, else the pattern's leading text and the
     * version) and never moves latest.
     */
    private void versionTags(TagRule rule, Template pattern, ReleaseVersion v, String raw, Template.Scope fields) {
        found(v);
        if (v.isPrerelease()) {
            set(value(prereleaseTag(pattern, raw, v.normalized()), rule), latestFor(false), Scope.EXACT);
        } else {
            set(value(pattern.render(fields), rule), latestFor(true), scopeOf(pattern));
        }
    }

    @Override
    public void match(TagRule.Match r) {
        if (!ctx.isTag() && r.value().source().isEmpty()) {
            return;
        }
        String vraw = r.value().source().isEmpty() ? ctx.tag() : global(r.value());
        String found = null;
        Matcher js = JS_REGEX.matcher(r.pattern());
        if (js.matches() && js.group(2).contains("g")) {
            // JavaScript's String.match with the g flag gives the list of whole matches
            List<String> all = new ArrayList<>();
            Matcher m = r.regex().matcher(vraw);
            while (m.find()) {
                all.add(m.group());
            }
            if (all.isEmpty()) {
                return;
            }
            found = r.group() < all.size() ? all.get(r.group()) : null;
        } else {
            Matcher m = r.regex().matcher(vraw);
            if (!m.find()) {
                return;
            }
            found = r.group() <= m.groupCount() ? m.group(r.group()) : null;
        }
        if (found == null) {
            return;
        }
        set(value(found, r), latestFor(true), Scope.EXACT);
    }

    @Override
    public void ref(TagRule.Ref r) {
        switch (r.event()) {
            case BRANCH -> {
                if (ctx.isBranch()) {
                    set(value(ctx.branch(), r), latestFor(false), Scope.EXACT);
                }
            }
            case TAG -> {
                if (ctx.isTag()) {
                    set(value(ctx.tag(), r), latestFor(true), Scope.EXACT);
                }
            }
            case PR -> {
                if (ctx.isPullRequest()) {
                    set(value(ctx.ref().shortName(), r), latestFor(false), Scope.EXACT);
                }
            }
        }
    }

    @Override
    public void edge(TagRule.Edge r) {
        if (!ctx.isBranch()) {
            return;
        }
        String branch = r.branch().isEmpty() ? ctx.defaultBranch() : r.branch();
        if (!ctx.branch().equals(branch)) {
            return;
        }
        set(value("edge", r), latestFor(false), Scope.EXACT);
    }

    @Override
    public void raw(TagRule.Raw r) {
        set(value(global(r.value()), r), latestFor(false), Scope.EXACT);
    }

    @Override
    public void sha(TagRule.Sha r) {
        if (ctx.sha() == null || ctx.sha().isEmpty()) {
            return;
        }
        String v = r.format() == TagRule.ShaFormat.SHORT ? Expressions.shortSha(ctx.sha(), ctx.shortShaLength()) : ctx.sha();
        set(value(v, r), latestFor(false), Scope.EXACT);
    }

    /** metadata-action's setValue: the rule's prefix/suffix, else the flavor's. */
    private String value(String val, TagRule rule) {
        TagRule.Common c = rule.common();
        if (c.prefix() != null) {
            val = global(c.prefix()) + val;
        } else if (!flavor.prefix().source().isEmpty()) {
            val = global(flavor.prefix()) + val;
        }
        if (c.suffix() != null) {
            val = val + global(c.suffix());
        } else if (!flavor.suffix().source().isEmpty()) {
            val = val + global(flavor.suffix());
        }
        return val;
    }

    /** metadata-action's setVersion. */
    private void set(String val, boolean isLatest, Scope scope) {
        if (val.isEmpty()) {
            return;
        }
        val = ociTag(val);
        if (val.isEmpty()) {
            return; // only punctuation: no valid tag (metadata-action would keep it and fail the push)
        }
        if (main == null) {
            main = val;
        } else if (!val.equals(main)) {
            partial.add(val);
        }
        scopes.merge(val, scope, Scope::narrower);
        if (latest == null) {
            latest = isLatest;
        }
    }

    /** How far a semver/pep440 pattern floats, from the fields it uses. */
    static Scope scopeOf(Template pattern) {
        List<String> names = pattern.names();
        if (names.stream().anyMatch(n -> n.equals("version") || n.equals("patch") || n.equals("raw")
                || n.equals("prerelease") || n.equals("build") || n.equals("micro") || n.equals("modifier"))) {
            return Scope.EXACT;
        }
        if (names.contains("minor")) {
            return Scope.MINOR;
        }
        if (names.contains("major")) {
            return Scope.MAJOR;
        }
        return Scope.GLOBAL;
    }
}
