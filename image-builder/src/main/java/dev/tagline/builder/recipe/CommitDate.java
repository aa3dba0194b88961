package dev.tagline.builder.recipe;

import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plan whose commit time the planner did not know ({@code TagPlan.commitTime} absent) is dated by the commit itself,
 * read by the builder from the commit it fetched: the plan's time, and the {@value #CREATED} label and annotation the
 * planner left empty, written as the planner writes them. So the image (its creation time, labels, build key and digest)
 * is the one any other event of that commit gives, never dated by when the event was observed.
 */
public final class CommitDate {
    public static final String CREATED = "org.opencontainers.image.created";
    /** What tag-planner writes for {@value #CREATED} ({@code TagPlanner.isoMillis}). */
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private CommitDate() {
    }

    /** {@code plan} dated {@code commitTime}; the plan itself when it already has a time. */
    public static TagPlan of(TagPlan plan, Instant commitTime) {
        if (plan.commitTime() != null) {
            return plan;
        }
        return new TagPlan(plan.schemaVersion(), plan.planId(), plan.eventId(), plan.repository(), plan.cloneUrl(), plan.ref(),
                plan.commit(), commitTime, plan.version(), plan.channel(), plan.policyDigest(), plan.rebuild(), plan.variants(),
                plan.trust());
    }

    /** {@code variant} with an empty {@value #CREATED} label or annotation set to {@code commitTime}; anything else unchanged. */
    public static VariantPlan of(VariantPlan variant, Instant commitTime) {
        Map<String, String> labels = filled(variant.labels(), commitTime);
        Map<String, String> annotations = filled(variant.annotations(), commitTime);
        if (labels == variant.labels() && annotations == variant.annotations()) {
            return variant;
        }
        return new VariantPlan(variant.name(), variant.images(), variant.tags(), labels, annotations, variant.platforms(),
                variant.recipe(), variant.untag());
    }

    static String iso(Instant instant) {
        return ISO_MILLIS.format(instant);
    }

    private static Map<String, String> filled(Map<String, String> values, Instant commitTime) {
        String created = values.get(CREATED);
        if (created == null || !created.isEmpty()) {
            return values;
        }
        Map<String, String> out = new LinkedHashMap<>(values);
        out.put(CREATED, iso(commitTime));
        return out;
    }
}
