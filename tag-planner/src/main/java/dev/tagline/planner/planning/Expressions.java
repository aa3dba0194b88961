package dev.tagline.planner.planning;

import dev.tagline.policy.release.Template;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * metadata-action's global expressions: {@code {{branch}}}, {@code {{tag}}}, {@code {{sha}}},
 * {@code {{base_ref}}}, {@code {{is_default_branch}}}, {@code {{is_not_default_branch}}}, {@code {{date 'fmt' tz='Zone'}}} and
 * {@code {{commit_date 'fmt'}}}. With {@code datesOnly} only the two date helpers exist (as in a
 * {@code type=schedule} pattern).
 */
final class Expressions implements Template.Scope {
    private final RefContext ctx;
    private final boolean datesOnly;

    Expressions(RefContext ctx, boolean datesOnly) {
        this.ctx = ctx;
        this.datesOnly = datesOnly;
    }

    static String render(Template template, RefContext ctx) {
        return template.render(new Expressions(ctx, false));
    }

    @Override
    public String resolve(String name, List<String> params, Map<String, String> hash) {
        switch (name) {
            case "date":
                return date(known(ctx.now(), name), params, hash);
            case "commit_date":
                return date(known(ctx.commitDate() != null ? ctx.commitDate() : ctx.now(), name), params, hash);
            default:
                break;
        }
        if (datesOnly) {
            return null;
        }
        return switch (name) {
            case "branch" -> ctx.branch();
            case "tag" -> ctx.tag();
            case "sha" -> shortSha(ctx.sha(), ctx.shortShaLength());
            case "base_ref" -> baseRef();
            case "is_default_branch" -> String.valueOf(isDefaultBranch());
            case "is_not_default_branch" -> String.valueOf(!isDefaultBranch());
            default -> null;
        };
    }

    static String shortSha(String sha, int length) {
        if (sha == null) {
            return "";
        }
        return sha.length() <= length ? sha : sha.substring(0, length);
    }

    private String baseRef() {
        if ((ctx.isTag() || ctx.isPullRequest()) && ctx.baseRef() != null) {
            return ctx.baseRef().replaceFirst("^refs/heads/", "");
        }
        return "";
    }

    boolean isDefaultBranch() {
        String branch = ctx.branchOrRef();
        if (branch.isEmpty()) {
            return false;
        }
        if (branch.equals(ctx.defaultBranch())) {
            return true;
        }
        String event = ctx.eventName();
        return event.contains("create") || event.contains("discussion") || event.contains("issues") || event.contains("schedule");
    }

    /** A date helper needs the event's time; without it nothing is rendered (never a guess such as the planning clock). */
    private static Instant known(Instant instant, String helper) {
        if (instant == null) {
            throw new UnknownDateException(helper);
        }
        return instant;
    }

    private static String date(Instant instant, List<String> params, Map<String, String> hash) {
        String format = params.isEmpty() ? null : params.get(0);
        String tz = hash.get("tz");
        ZoneId zone = tz == null ? ZoneOffset.UTC : ZoneId.of(tz);
        return MomentFormat.format(instant, format, zone);
    }
}
