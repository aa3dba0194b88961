package dev.tagline.planner.planning;

import dev.tagline.policy.release.ChannelSpec;
import dev.tagline.policy.release.ComponentSpec;
import dev.tagline.policy.release.Flavor;
import dev.tagline.policy.release.ImageSpec;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.policy.release.RepoMetadata;
import dev.tagline.policy.release.Template;
import dev.tagline.policy.release.Triggers;
import dev.tagline.policy.release.VariantSpec;
import dev.tagline.schema.event.RefChange;
import dev.tagline.schema.event.CodeTrust;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.TagRemoval;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.GitRef;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.InvalidValueException;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The planning core: a pure function of (event, policy, release history). It runs the policy's
 * metadata-action rules, then (unless the policy says {@code floatingTags: stateless}) keeps a
 * floating tag only when this release is the highest of its scope in the history, adds channel
 * tags, and builds one variant plan per variant. Templates render from the event (its schedule slot
 * or commit time: {@link PlanRequest#eventTime}), never from a clock, so a replay plans the same.
 * The labels written into an image depend on the commit only (unless {@code versionLabel: event}),
 * so every event that builds one commit asks for one digest. A deleted release tag (a retraction)
 * re-points the floating tags it held to the previous release, and removes those whose scope has
 * no release left (and, with {@code retraction: untag}, its exact tags).
 */
public final class TagPlanner {
    /** The short commit in an image's version label: fixed, so no policy setting changes a commit's digest. */
    static final int IMAGE_VERSION_SHA_LENGTH = 7;
    /** Formats a UTC LocalDateTime: formatting an Instant through a zone builds new ZoneRules every time (a third of a plan's garbage). */
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    /** The digits of each field of {@link #ISO_MILLIS}, and the character after it (for {@link #isoMillis}). */
    private static final int[] ISO_MILLIS_WIDTHS = {4, 2, 2, 2, 2, 2, 3};
    private static final String ISO_MILLIS_SEPARATORS = "--T::.Z";
    /** Parsed image repositories by name (values, so shared by every thread); bounded, then parsed each time. */
    private static final Map<String, ImageRepository> REPOSITORIES = new ConcurrentHashMap<>();
    private static final int REMEMBERED_REPOSITORIES = 4_096;

    private TagPlanner() {
    }

    /**
     * As {@link #plan(RefEvent, ReleasePolicy, ReleaseHistory)}: the clock is not read (templates render
     * from the event), it stays for callers not yet moved.
     */
    @Deprecated
    public static PlanOutcome plan(RefEvent event, ReleasePolicy policy, ReleaseHistory history, Clock clock) {
        return plan(event, policy, history);
    }

    /** The plan for {@code event} (or why there is none) and the history after it. */
    public static PlanOutcome plan(RefEvent event, ReleasePolicy policy, ReleaseHistory history) {
        Decision d = decide(PlanRequest.of(event), policy, history, false);
        if (!d.planned()) {
            return new PlanOutcome(null, d.skipReason(), d.history());
        }
        List<VariantPlan> variants = new ArrayList<>();
        // a pull request's code is untrusted: it goes to the preview repositories (issue 19)
        CodeTrust trust = CodeTrustRule.of(event, d.ref(), policy.previews());
        for (Decision.Variant v : d.variants()) {
            if (v.images().isEmpty()) {
                continue; // metadata-action would print bare tags; there is nothing to push them to
            }
            List<ImageRepository> images = new ArrayList<>(v.images().size());
            for (String image : v.images()) {
                images.add(repository(image));
            }
            images = CodeTrustRule.previewImages(images, trust);
            List<ImageTag> tags = imageTags(v.tags());
            TagRemoval untag = v.untag().isEmpty() ? null : new TagRemoval(d.untagCommit(), imageTags(v.untag()));
            variants.add(new VariantPlan(v.spec().name(), images, tags, v.labels(), v.annotations(), v.spec().platforms(), v.spec().recipe(),
                    untag));
        }
        if (variants.isEmpty()) {
            return new PlanOutcome(null, "the policy names no enabled image", d.history());
        }
        TagPlan plan = new TagPlan(TagPlan.CURRENT_SCHEMA_VERSION, TagPlan.idFor(event.eventId(), policy.digest()), event.eventId(),
                event.repository(), event.cloneUrl(), d.ref(), d.commit(), d.commitTime(),
                d.release() != null ? d.release() : d.version().isEmpty() ? null : d.version(), d.channel(), policy.digest(),
                event.rebuild(), variants, trust);
        return new PlanOutcome(plan, null, d.history());
    }

    /** {@link ImageRepository#parse}, remembered: a policy names a few images, and each of its plans parsed them again. */
    private static ImageRepository repository(String name) {
        ImageRepository parsed = REPOSITORIES.get(name);
        if (parsed == null) {
            parsed = ImageRepository.parse(name); // an invalid name throws every time, as before
            if (REPOSITORIES.size() < REMEMBERED_REPOSITORIES) {
                REPOSITORIES.put(name, parsed);
            }
        }
        return parsed;
    }

    private static List<ImageTag> imageTags(List<String> tags) {
        List<ImageTag> out = new ArrayList<>(tags.size());
        for (String t : tags) {
            out.add(ImageTag.parse(t));
        }
        return out;
    }

    /** The release history after {@code event}, without building a plan object (used to rebuild history from the log). */
    public static ReleaseHistory fold(RefEvent event, ReleasePolicy policy, ReleaseHistory history) {
        return decide(PlanRequest.of(event), policy, history, false).history();
    }

    /** The decision for one request: tags per variant, or the reason nothing is built. */
    public static Decision decide(PlanRequest req, ReleasePolicy policy, ReleaseHistory history) {
        return decide(req, policy, history, true);
    }

    /**
     * @param outputs false when only the variants and the history are wanted (a plan, a fold): a decision that builds
     *                something then carries no {@link Decision#labels} (metadata-action's labels output). They render from
     *                the same templates and context as the variants' labels, which rendered without error, so leaving them
     *                out changes nothing else; they were a tenth of a plan's CPU.
     */
    private static Decision decide(PlanRequest req, ReleasePolicy policy, ReleaseHistory history, boolean outputs) {
        if (req.change() == RefChange.DELETED) {
            String defaultBranch = req.defaultBranch() != null && !req.defaultBranch().isBlank() ? req.defaultBranch() : policy.defaultBranch();
            RefContext ctx = new RefContext(req.ref(), req.eventName(), null, req.commitTime(), req.now(), defaultBranch, req.baseRef(),
                    policy.shortShaLength());
            return deleted(req, ctx, policy, history);
        }
        try {
            return decideCommit(req, policy, history, outputs);
        } catch (UnknownDateException e) {
            // only an event logged without its commit time (tag-listener now retries the lookup instead): a date is never
            // guessed, the builder could date the image but not a tag or label the policy renders from the date
            return new Decision("", null, null, req.ref(), null, null, List.of(), "the commit time is unknown and the policy renders a "
                    + "date from it: " + e.getMessage(), Map.of(), history);
        }
    }

    private static Decision decideCommit(PlanRequest req, ReleasePolicy policy, ReleaseHistory history, boolean outputs) {
        // a monorepo component's tag (app/v1.2.3) is planned as its version part (v1.2.3) under the component's policy
        Optional<ComponentSpec.Match> component = req.ref() != null && req.ref().isTag() ? policy.component(req.ref().shortName())
                : Optional.empty();
        PlanRequest outer = req;
        if (component.isPresent()) {
            policy = component.get().component().policy();
            req = new PlanRequest(GitRef.tag(component.get().version()), req.change(), req.eventName(), req.sha(), req.commitTime(),
                    req.now(), req.defaultBranch(), req.baseRef(), req.scheduleName());
        }
        String defaultBranch = req.defaultBranch() != null && !req.defaultBranch().isBlank() ? req.defaultBranch() : policy.defaultBranch();
        RefContext ctx = new RefContext(req.ref(), req.eventName(), req.sha() == null ? null : req.sha().value(), req.commitTime(),
                req.now(), defaultBranch, req.baseRef(), policy.shortShaLength());
        String notTriggered = notTriggered(req, policy.triggers());
        if (notTriggered != null) {
            return withRef(skip(notTriggered, ctx, policy, history, null), outer.ref());
        }
        MetadataEngine.Computed computed = MetadataEngine.compute(policy.tags(), policy.flavor(), ctx);
        Decision d = withRef(build(req, ctx, policy, history, computed, false, outputs), outer.ref());
        req = outer;
        if (d.planned() && computed.release() != null && req.ref() != null && req.ref().isTag()) {
            Set<String> built = new LinkedHashSet<>();
            d.variants().forEach(v -> built.add(v.spec().name()));
            ReleaseHistory.Release release = new ReleaseHistory.Release(req.ref().shortName(), computed.release(), req.sha(),
                    req.commitTime(), built);
            return withHistory(d, history.with(release));
        }
        return d;
    }

    private static Decision build(PlanRequest req, RefContext ctx, ReleasePolicy policy, ReleaseHistory history,
                                  MetadataEngine.Computed computed, boolean floatingOnly, boolean outputs) {
        boolean historyAware = policy.floating() == ReleasePolicy.FloatingTags.HISTORY;
        ReleaseVersion rv = computed.release();
        // only a version rule's prerelease is barred from floating tags: a type=match or type=ref tag that happens to read
        // as a semver prerelease floats as metadata-action says, forward only
        boolean barredPrerelease = historyAware && rv != null && rv.isPrerelease() && computed.versionRule();
        Channel channel = channel(req, ctx, policy, rv);
        List<Decision.Variant> variants = new ArrayList<>();
        List<String> versions = computed.versions();
        for (VariantSpec spec : policy.variants()) {
            if (!MetadataEngine.enabled(spec, ctx)) {
                continue;
            }
            List<String> images = enabledImages(spec);
            List<String> raw = new ArrayList<>();
            for (String v : versions) {
                Scope scope = computed.scopes().getOrDefault(v, Scope.EXACT);
                if (floatingOnly && scope == Scope.EXACT) {
                    continue;
                }
                if (keepFloating(historyAware, rv, barredPrerelease, scope, history, spec.name())) {
                    raw.add(v);
                }
            }
            if (computed.main() != null && computed.latest()
                    && keepFloating(historyAware, rv, barredPrerelease, Scope.GLOBAL, history, spec.name()) && !barredPrerelease) {
                raw.add(latestTag(policy.flavor()));
            }
            if (channel.spec() != null && channelTagsApply(channel, historyAware, rv, history, spec.name(), floatingOnly)) {
                for (Template t : channel.spec().tags()) {
                    raw.add(Expressions.render(t, ctx));
                }
            }
            List<String> tags = finish(raw, spec.suffix());
            if (tags.isEmpty()) {
                continue;
            }
            String version = policy.versionLabel() == ReleasePolicy.VersionLabel.COMMIT ? Expressions.shortSha(ctx.sha(), IMAGE_VERSION_SHA_LENGTH)
                    : computed.main() == null ? "" : MetadataEngine.ociTag(computed.main() + spec.suffix());
            Map<String, String> labels = labels(policy, ctx, version, policy.labels());
            // annotations are the labels unless the policy gives its own (metadata-action's default)
            Map<String, String> annotations = policy.annotations().equals(policy.labels()) ? labels
                    : labels(policy, ctx, version, policy.annotations());
            variants.add(new Decision.Variant(spec, images, tags, labels, annotations));
        }
        String version = computed.main() == null ? "" : computed.main();
        // metadata-action's labels output; the images' own labels carry the commit unless versionLabel: event
        Map<String, String> defaultLabels = !outputs && !variants.isEmpty() ? Map.of()
                : variants.isEmpty() || !variants.get(0).spec().equals(policy.defaultVariant())
                || policy.versionLabel() != ReleasePolicy.VersionLabel.EVENT
                ? labels(policy, ctx, version, policy.labels()) : variants.get(0).labels();
        if (variants.isEmpty()) {
            String what = req.ref() == null ? "an event without a ref" : req.ref().value();
            String reason = computed.main() == null ? "no tag rule gives a tag for " + what
                    : "every tag for " + what + " is held by a newer release";
            return new Decision(version, rv == null ? null : rv.normalized(), channel.name(), req.ref(), null, null, List.of(), reason,
                    defaultLabels, history);
        }
        if (noImages(variants) && !policy.images().isEmpty()) {
            return new Decision(version, rv == null ? null : rv.normalized(), channel.name(), req.ref(), null, null, List.of(),
                    "every image is disabled", defaultLabels, history);
        }
        return new Decision(version, rv == null ? null : rv.normalized(), channel.name(), req.ref(), req.sha(), req.commitTime(), variants,
                null, defaultLabels, history);
    }

    /** The names of the variant's enabled images, in order. */
    private static List<String> enabledImages(VariantSpec spec) {
        List<String> out = new ArrayList<>(spec.images().size());
        for (ImageSpec image : spec.images()) {
            if (image.enable()) {
                out.add(image.name());
            }
        }
        return List.copyOf(out);
    }

    private static boolean noImages(List<Decision.Variant> variants) {
        for (Decision.Variant v : variants) {
            if (!v.images().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean keepFloating(boolean historyAware, ReleaseVersion rv, boolean barredPrerelease, Scope scope,
                                        ReleaseHistory history, String variant) {
        if (scope == Scope.EXACT || !historyAware || rv == null) {
            return true;
        }
        if (barredPrerelease) {
            return false;
        }
        return history.isHighest(rv, scope, variant);
    }

    private static boolean channelTagsApply(Channel channel, boolean historyAware, ReleaseVersion rv, ReleaseHistory history,
                                            String variant, boolean floatingOnly) {
        ChannelSpec spec = channel.spec();
        if (spec.release()) {
            return !historyAware || rv == null || history.isHighest(rv, Scope.GLOBAL, variant);
        }
        if (floatingOnly && spec.prerelease() == null) {
            // a prerelease channel's tags float (a retraction re-points them); branch and schedule channels do not
            return false;
        }
        if (spec.prerelease() != null && historyAware && rv != null) {
            return history.isHighestPrerelease(rv, v -> spec.prerelease().matcher(v.prereleasePart()).find(), variant);
        }
        return true;
    }

    private static String latestTag(Flavor flavor) {
        return MetadataEngine.sanitize((flavor.prefixLatest() ? flavor.prefix().source() : "") + "latest"
                + (flavor.suffixLatest() ? flavor.suffix().source() : ""));
    }

    /** Adds the variant suffix, makes each a valid OCI tag, drops duplicates. */
    private static List<String> finish(List<String> raw, String suffix) {
        List<String> out = new ArrayList<>(raw.size()); // a few tags: a list's contains is cheaper than a set
        for (String t : raw) {
            if (t.isEmpty()) {
                continue;
            }
            try {
                String tag = ImageTag.sanitize(MetadataEngine.sanitize(suffix.isEmpty() ? t : t + suffix)).value();
                if (!out.contains(tag)) {
                    out.add(tag);
                }
            } catch (InvalidValueException e) {
                // nothing usable left (e.g. only punctuation): metadata-action would fail the push; skip the tag
            }
        }
        return List.copyOf(out);
    }

    /** The keys of the OCI labels metadata-action writes, in natural order (a plan's maps are sorted by key). */
    static final String[] OCI_LABEL_KEYS = {"org.opencontainers.image.created", "org.opencontainers.image.description",
            "org.opencontainers.image.licenses", "org.opencontainers.image.revision", "org.opencontainers.image.source",
            "org.opencontainers.image.title", "org.opencontainers.image.url", "org.opencontainers.image.version"};

    /** The OCI labels (or annotations) metadata-action writes, plus the policy's own, sorted by key. */
    private static Map<String, String> labels(ReleasePolicy policy, RefContext ctx, String version, List<Template> extra) {
        RepoMetadata m = policy.metadata();
        String[] values = {ctx.commitDate() == null ? "" : isoMillis(ctx.commitDate()), m.description(), m.licenses(),
                ctx.sha() == null ? "" : ctx.sha(), m.source(), m.title(), m.url(), version};
        if (extra.isEmpty()) {
            return new SortedLabels(OCI_LABEL_KEYS, values); // already in order: no tree to fill
        }
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < OCI_LABEL_KEYS.length; i++) {
            labels.put(OCI_LABEL_KEYS[i], values[i]);
        }
        for (Template t : extra) {
            String line = Expressions.render(t, ctx);
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            labels.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return java.util.Collections.unmodifiableSortedMap(labels);
    }

    private record Channel(String name, ChannelSpec spec) {
        static final Channel NONE = new Channel(null, null);
    }

    private static Channel channel(PlanRequest req, RefContext ctx, ReleasePolicy policy, ReleaseVersion rv) {
        for (ChannelSpec c : policy.channels()) {
            if (ctx.isSchedule()) {
                if (!c.schedules().isEmpty() && (req.scheduleName() == null || c.schedules().contains(req.scheduleName()))) {
                    return new Channel(c.name(), c);
                }
            } else if (req.ref() == null) {
                continue;
            } else if (req.ref().isBranch()) {
                if (c.branches().stream().anyMatch(g -> Triggers.glob(g, req.ref().shortName()))) {
                    return new Channel(c.name(), c);
                }
            } else if (req.ref().isTag() && rv != null) {
                if (rv.isPrerelease() && c.prerelease() != null && c.prerelease().matcher(rv.prereleasePart()).find()) {
                    return new Channel(c.name(), c);
                }
                if (!rv.isPrerelease() && c.release()) {
                    return new Channel(c.name(), c);
                }
            }
        }
        if (req.ref() != null && req.ref().isTag() && rv != null) {
            return new Channel(rv.isPrerelease() ? "prerelease" : "release", null);
        }
        return ctx.isSchedule() && req.scheduleName() != null ? new Channel(req.scheduleName(), null) : Channel.NONE;
    }

    private static String notTriggered(PlanRequest req, Triggers t) {
        if (req.eventName().contains("schedule")) {
            return t.schedules() == null || req.scheduleName() == null || t.schedules().contains(req.scheduleName()) ? null
                    : "schedule '" + req.scheduleName() + "' is not in the policy's on.schedules";
        }
        GitRef ref = req.ref();
        if (ref == null) {
            return null;
        }
        return switch (ref.kind()) {
            case TAG -> Triggers.anyGlob(t.tags(), ref.shortName()) ? null : "tag '" + ref.shortName() + "' does not match on.tags";
            case BRANCH -> Triggers.anyGlob(t.branches(), ref.shortName()) ? null
                    : "branch '" + ref.shortName() + "' does not match on.branches";
            case PULL_REQUEST -> t.pullRequests() ? null : "pull requests are not built (on.pullRequests)";
            case OTHER -> null;
        };
    }

    private static Decision deleted(PlanRequest req, RefContext ctx, ReleasePolicy policy, ReleaseHistory history) {
        if (req.ref() == null || !req.ref().isTag()) {
            return skip("a deleted branch builds nothing", ctx, policy, history, null);
        }
        Optional<ReleaseHistory.Release> found = history.byTag(req.ref().shortName());
        if (found.isEmpty()) {
            return skip("deleted tag '" + req.ref().shortName() + "' was no release", ctx, policy, history, null);
        }
        ReleaseHistory.Release retracted = found.get();
        ReleaseHistory after = history.without(retracted.tag());
        Optional<ComponentSpec.Match> component = policy.component(retracted.tag());
        if (component.isPresent()) {
            policy = component.get().component().policy();
        }
        String prefix = component.map(ComponentSpec.Match::prefix).orElse("");
        Map<String, List<String>> untag = retracted.commit() == null ? Map.of()
                : Retraction.untag(retracted, prefix, policy, history, after, ctx);
        Decision repoint = repoint(req, ctx, policy, retracted, history, after, component);
        if (repoint.planned()) {
            return withUntag(repoint, untag, retracted, policy, ctx);
        }
        if (untag.isEmpty()) {
            return repoint;
        }
        Decision untagOnly = new Decision("", retracted.version().normalized(), null, req.ref(), retracted.commit(), retracted.commitTime(),
                List.of(), null, labels(policy, ctx, "", policy.labels()), after, retracted.commit());
        return withUntag(untagOnly, untag, retracted, policy, ctx);
    }

    /** The previous release's commit with the floating tags the retracted release held and it now deserves, or why none. */
    private static Decision repoint(PlanRequest req, RefContext ctx, ReleasePolicy policy, ReleaseHistory.Release retracted,
                                    ReleaseHistory history, ReleaseHistory after, Optional<ComponentSpec.Match> component) {
        Optional<ChannelSpec> prereleaseChannel = prereleaseChannel(policy, retracted.version());
        if (policy.floating() != ReleasePolicy.FloatingTags.HISTORY || retracted.version().isPrerelease() && prereleaseChannel.isEmpty()) {
            return skip("retracted " + retracted.tag() + " held no floating tag", ctx, policy, after, null);
        }
        String variant = retracted.variants().isEmpty() ? policy.defaultVariant().name()
                : policy.variants().stream().map(VariantSpec::name).filter(retracted.variants()::contains).findFirst()
                .orElse(policy.defaultVariant().name());
        ReleaseHistory.Release previous = null;
        if (retracted.version().isPrerelease()) {
            // a prerelease holds its channel's tags (beta, rc) while it is the channel's highest: the next one down takes them
            java.util.function.Predicate<ReleaseVersion> sameChannel = inChannel(prereleaseChannel.get());
            if (!history.isHighestPrerelease(retracted.version(), sameChannel, variant)) {
                return skip("retracted " + retracted.tag() + " held no floating tag", ctx, policy, after, null);
            }
            previous = after.highestPrerelease(sameChannel, variant).orElse(null);
        } else {
            for (Scope scope : List.of(Scope.MINOR, Scope.MAJOR, Scope.GLOBAL)) {
                if (!history.isHighest(retracted.version(), scope, variant)) {
                    continue;
                }
                Optional<ReleaseHistory.Release> p = after.highest(retracted.version(), scope, variant);
                if (p.isPresent()) {
                    previous = p.get();
                    break;
                }
            }
        }
        if (previous == null) {
            return skip("retracted " + retracted.tag() + ": no earlier release takes its floating tags", ctx, policy, after, null);
        }
        if (previous.commit() == null) {
            return skip("retracted " + retracted.tag() + ": the commit of " + previous.tag() + " is unknown", ctx, policy, after, null);
        }
        GitRef ref = component.isPresent() ? GitRef.tag(previous.tag().substring(component.get().prefix().length()))
                : GitRef.tag(previous.tag());
        PlanRequest replant = new PlanRequest(ref, RefChange.CREATED, "push", previous.commit(), previous.commitTime(), req.now(),
                req.defaultBranch(), null, null);
        RefContext pctx = new RefContext(ref, "push", previous.commit().value(), previous.commitTime(), req.now(), ctx.defaultBranch(), null,
                policy.shortShaLength());
        MetadataEngine.Computed computed = MetadataEngine.compute(policy.tags(), policy.flavor(), pctx);
        Decision d = build(replant, pctx, policy, after, computed, true, true);
        if (!d.planned()) {
            return skip("retracted " + retracted.tag() + ": " + previous.tag() + " gets no floating tag", ctx, policy, after, null);
        }
        return withHistory(withRef(d, GitRef.tag(previous.tag())), after);
    }

    /** The prerelease channel a prerelease belongs to (the first whose pattern matches, as {@link #channel} picks it), if any. */
    private static Optional<ChannelSpec> prereleaseChannel(ReleasePolicy policy, ReleaseVersion rv) {
        if (!rv.isPrerelease()) {
            return Optional.empty();
        }
        return policy.channels().stream().filter(c -> c.prerelease() != null && c.prerelease().matcher(rv.prereleasePart()).find())
                .findFirst();
    }

    private static java.util.function.Predicate<ReleaseVersion> inChannel(ChannelSpec channel) {
        return v -> channel.prerelease().matcher(v.prereleasePart()).find();
    }

    /** {@code d} with each variant's tags to remove from the retracted image (a variant with nothing else to do only removes). */
    private static Decision withUntag(Decision d, Map<String, List<String>> untag, ReleaseHistory.Release retracted, ReleasePolicy policy,
                                      RefContext ctx) {
        if (untag.isEmpty()) {
            return d;
        }
        List<Decision.Variant> variants = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Decision.Variant v : d.variants()) {
            seen.add(v.spec().name());
            variants.add(new Decision.Variant(v.spec(), v.images(), v.tags(), v.labels(), v.annotations(),
                    untag.getOrDefault(v.spec().name(), List.of())));
        }
        for (VariantSpec spec : policy.variants()) {
            List<String> tags = untag.get(spec.name());
            if (tags == null || seen.contains(spec.name())) {
                continue;
            }
            variants.add(new Decision.Variant(spec, enabledImages(spec), List.of(), Map.of(), Map.of(), tags));
        }
        return new Decision(d.version(), d.release(), d.channel(), d.ref(), d.commit(), d.commitTime(), variants, d.skipReason(),
                d.labels(), d.history(), retracted.commit());
    }

    /** What a retraction takes off the retracted release's image, per variant. */
    private static final class Retraction {
        private Retraction() {
        }

        /**
         * Per variant, the tags to remove: floating tags ({@code 2}, {@code 2.0}, {@code latest}, a release
         * channel's tags; a prerelease's channel tags, {@code beta}, {@code rc}) the release held whose scope
         * has no release left, and, with {@code retraction: untag}, the tags only this release gives (its exact
         * version tags; not {@code sha-*} or anything a push of the same commit would also get). With
         * {@code floatingTags: stateless} there is no order of releases to tell who holds a floating tag, so
         * every floating tag the release's push gave is listed: the builder removes only those still on the
         * retracted commit's image, and none is re-pointed. {@code prefix} is a monorepo component's tag
         * prefix ({@code app/}), planned without it.
         */
        static Map<String, List<String>> untag(ReleaseHistory.Release retracted, String prefix, ReleasePolicy policy,
                                               ReleaseHistory before, ReleaseHistory after, RefContext ctx) {
            GitRef tag = GitRef.tag(retracted.tag().substring(prefix.length()));
            RefContext rctx = new RefContext(tag, "push", retracted.commit().value(), retracted.commitTime(), ctx.now(),
                    ctx.defaultBranch(), null, ctx.shortShaLength());
            MetadataEngine.Computed rel = MetadataEngine.compute(policy.tags(), policy.flavor(), rctx);
            RefContext push = new RefContext(GitRef.branch(ctx.defaultBranch()), "push", retracted.commit().value(), retracted.commitTime(),
                    ctx.now(), ctx.defaultBranch(), null, ctx.shortShaLength());
            Set<String> notReleaseOwn = new java.util.HashSet<>(MetadataEngine.compute(policy.tags(), policy.flavor(), push).versions());
            ReleaseVersion rv = retracted.version();
            boolean stateless = policy.floating() == ReleasePolicy.FloatingTags.STATELESS;
            boolean floating = !rv.isPrerelease();
            boolean exact = policy.retraction() == ReleasePolicy.Retraction.UNTAG;
            Optional<ChannelSpec> prereleaseChannel = prereleaseChannel(policy, rv);
            PlanRequest asTag = new PlanRequest(tag, RefChange.CREATED, "push", retracted.commit(), retracted.commitTime(), ctx.now(),
                    ctx.defaultBranch(), null, null);
            Channel channel = channel(asTag, rctx, policy, rv);
            Map<String, List<String>> out = new java.util.LinkedHashMap<>();
            for (VariantSpec spec : policy.variants()) {
                if (!retracted.variants().isEmpty() && !retracted.variants().contains(spec.name())) {
                    continue;
                }
                if (spec.images().stream().noneMatch(ImageSpec::enable)) {
                    continue;
                }
                List<String> raw = new ArrayList<>();
                for (String v : rel.versions()) {
                    Scope scope = rel.scopes().getOrDefault(v, Scope.EXACT);
                    if (scope == Scope.EXACT ? exact && !notReleaseOwn.contains(v)
                            : floating && (stateless ? !notReleaseOwn.contains(v) : nothingLeft(rv, scope, before, after, spec))) {
                        raw.add(v);
                    }
                }
                if (floating && (stateless || nothingLeft(rv, Scope.GLOBAL, before, after, spec))) {
                    if (rel.main() != null && rel.latest() && !(stateless && notReleaseOwn.contains(latestTag(policy.flavor())))) {
                        raw.add(latestTag(policy.flavor()));
                    }
                    if (channel.spec() != null && channel.spec().release()) {
                        channel.spec().tags().forEach(t -> raw.add(Expressions.render(t, rctx)));
                    }
                }
                if (prereleaseChannel.isPresent() && (stateless || prereleaseChannelLeft(rv, prereleaseChannel.get(), before, after, spec))) {
                    prereleaseChannel.get().tags().forEach(t -> raw.add(Expressions.render(t, rctx)));
                }
                List<String> tags = finish(raw, spec.suffix());
                if (!tags.isEmpty()) {
                    out.put(spec.name(), tags);
                }
            }
            return out;
        }

        /** The retracted prerelease held its channel's tags and no prerelease of the channel is left to take them. */
        private static boolean prereleaseChannelLeft(ReleaseVersion rv, ChannelSpec channel, ReleaseHistory before, ReleaseHistory after,
                                                     VariantSpec spec) {
            return before.isHighestPrerelease(rv, inChannel(channel), spec.name()) && after.highestPrerelease(inChannel(channel), spec.name()).isEmpty();
        }

        /** The retracted release held this scope's floating tag and no release of the scope is left to take it. */
        private static boolean nothingLeft(ReleaseVersion rv, Scope scope, ReleaseHistory before, ReleaseHistory after, VariantSpec spec) {
            return before.isHighest(rv, scope, spec.name()) && after.highest(rv, scope, spec.name()).isEmpty();
        }
    }

    private static Decision skip(String reason, RefContext ctx, ReleasePolicy policy, ReleaseHistory history, String channel) {
        return new Decision("", null, channel, ctx.ref(), null, null, List.of(), reason, labels(policy, ctx, "", policy.labels()), history);
    }

    /** The decision for {@code ref} (a component's whole tag, planned as its version part). */
    private static Decision withRef(Decision d, GitRef ref) {
        return java.util.Objects.equals(d.ref(), ref) ? d : new Decision(d.version(), d.release(), d.channel(), ref, d.commit(), d.commitTime(),
                d.variants(), d.skipReason(), d.labels(), d.history());
    }

    private static Decision withHistory(Decision d, ReleaseHistory history) {
        return new Decision(d.version(), d.release(), d.channel(), d.ref(), d.commit(), d.commitTime(), d.variants(), d.skipReason(),
                d.labels(), history);
    }

    /**
     * metadata-action's {@code annotations} for a decision: the default variant's, or (nothing built) the OCI annotations
     * with the decision's version, as metadata-action prints them without tags.
     */
    public static Map<String, String> annotations(PlanRequest req, ReleasePolicy policy, Decision d) {
        // metadata-action's annotations output, like the labels output: the images' own carry the commit
        // as version unless versionLabel: event (manifest annotations are part of the digest too)
        if (!d.variants().isEmpty() && d.variants().get(0).spec().equals(policy.defaultVariant())
                && policy.versionLabel() == ReleasePolicy.VersionLabel.EVENT) {
            return d.variants().get(0).annotations();
        }
        if (policy.annotations().equals(policy.labels())) {
            return d.labels();
        }
        String defaultBranch = req.defaultBranch() != null && !req.defaultBranch().isBlank() ? req.defaultBranch() : policy.defaultBranch();
        RefContext ctx = new RefContext(req.ref(), req.eventName(), req.sha() == null ? null : req.sha().value(), req.commitTime(),
                req.now(), defaultBranch, req.baseRef(), policy.shortShaLength());
        return labels(policy, ctx, d.version(), policy.annotations());
    }

    /** For tests and the command line: {@code now} as metadata-action prints it. */
    static String isoMillis(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 1 || t.getYear() > 9999) {
            return ISO_MILLIS.format(t);
        }
        // what ISO_MILLIS writes, without the formatter (every plan writes its labels' created time)
        int[] fields = {t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1_000_000};
        char[] out = new char[24];
        int at = 0;
        for (int i = 0; i < fields.length; i++) {
            digits(out, at, fields[i], ISO_MILLIS_WIDTHS[i]);
            at += ISO_MILLIS_WIDTHS[i];
            out[at++] = ISO_MILLIS_SEPARATORS.charAt(i);
        }
        return new String(out);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The formatter's own output, for tests. */
    static String isoMillisByFormatter(Instant instant) {
        return ISO_MILLIS.format(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC));
    }
}
