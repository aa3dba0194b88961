package dev.tagline.deploy.demo;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.BuildStatus;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.event.PruneDecision;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.json.JsonText;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every image tag the pipeline wrote or the registry holds: its digest now, the variant and the
 * event that put it there, and what the pruner did with it and why.
 */
record TagTable(List<Row> rows) {

    /**
     * @param digest     what the tag points at in the registry now; null when it is gone
     * @param writtenBy  the ref event behind the last build that wrote the tag, e.g. {@code refs/tags/v1.1.0 (CREATED via POLLER)}
     * @param pruned     the pruner's applied decision on the tag (null: not audited)
     * @param removedBy  the ref event of a retraction that removed the tag after it was last written, or null
     */
    record Row(ImageRepository image, ImageTag tag, Digest digest, String variant, String writtenBy,
               PruneAudit pruned, String removedBy) {
        String pruneText() {
            if (pruned == null) {
                return "";
            }
            String what = pruned.decision() == PruneDecision.DELETED ? (pruned.dryRun() ? "would delete" : "deleted")
                    : pruned.decision().name().toLowerCase();
            return what + " (" + pruned.rule() + ")";
        }
    }

    static TagTable of(Map<ImageRepository, Map<ImageTag, Digest>> registry, PipelineLog log) {
        Map<String, Row> rows = new TreeMap<>();
        Map<String, BuildResult> lastWriter = new LinkedHashMap<>();
        Map<String, BuildResult> remover = new LinkedHashMap<>();
        for (BuildResult result : log.results.values()) {
            if (result.status() != BuildStatus.SUCCEEDED) {
                continue;
            }
            for (PushedTags removed : result.tagsRemoved()) {
                removed.tags().forEach(tag -> remover.put(removed.image().withTag(tag), result));
            }
            result.tagsWritten().forEach(p -> p.tags().forEach(tag -> remover.remove(p.image().withTag(tag))));
            for (List<PushedTags> group : List.of(result.tagsWritten(), result.tagsAlreadyPresent())) {
                for (PushedTags pushed : group) {
                    for (ImageTag tag : pushed.tags()) {
                        String key = pushed.image().withTag(tag);
                        if (group == result.tagsWritten() || !lastWriter.containsKey(key)) {
                            lastWriter.put(key, result);
                        }
                    }
                }
            }
        }
        Map<String, PruneAudit> lastAudit = new LinkedHashMap<>();
        for (PruneAudit audit : log.audits) {
            if (audit.tag() != null && !audit.dryRun() && !audit.intent()) {
                lastAudit.put(audit.image().withTag(audit.tag()), audit);
            }
        }
        registry.forEach((image, tags) -> tags.forEach((tag, digest) -> rows.put(image.withTag(tag),
                row(image, tag, digest, lastWriter.get(image.withTag(tag)), lastAudit.get(image.withTag(tag)),
                        remover.get(image.withTag(tag)), log))));
        lastWriter.forEach((key, result) -> {
            if (!rows.containsKey(key)) {
                int colon = key.lastIndexOf(':');
                ImageRepository image = ImageRepository.parse(key.substring(0, colon));
                rows.put(key, row(image, ImageTag.parse(key.substring(colon + 1)), null, result, lastAudit.get(key), remover.get(key), log));
            }
        });
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparing((Row r) -> r.image().value()).thenComparing(r -> r.tag().value()));
        return new TagTable(List.copyOf(sorted));
    }

    private static Row row(ImageRepository image, ImageTag tag, Digest digest, BuildResult writer, PruneAudit audit,
                           BuildResult remover, PipelineLog log) {
        String variant = writer == null ? "" : writer.variant();
        String by = writer == null ? "(not written by tagline)" : describe(writer, log, false);
        return new Row(image, tag, digest, variant, by, audit, remover == null ? null : describe(remover, log, true));
    }

    /** The ref event behind a result: the planned ref (a retraction's plan names the release it re-points), or the event's own. */
    private static String describe(BuildResult result, PipelineLog log, boolean eventRef) {
        TagPlan plan = log.plans.get(result.planId());
        RefEvent event = log.events.get(result.eventId());
        String ref = eventRef && event != null ? event.ref().value() : plan != null ? plan.ref().value() : "?";
        if (event == null) {
            return ref;
        }
        // a retraction plans the previous release's ref: name the deleted one too
        String cause = event.ref().value().equals(ref) ? "" : " after " + event.ref().value();
        return ref + cause + " " + event.change() + " via " + event.source() + (event.schedule() != null ? " " + event.schedule().name() : "");
    }

    Row row(String tag) {
        return rows.stream().filter(r -> r.tag().value().equals(tag)).findFirst().orElse(null);
    }

    /** The rows as JSON, for tests and tools: {@code [{"image","tag","digest","variant","writtenBy","pruned","rule","removedBy"}]}. */
    String toJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("image", r.image().value());
            row.put("tag", r.tag().value());
            row.put("digest", r.digest() == null ? null : r.digest().value());
            row.put("variant", r.variant());
            row.put("writtenBy", r.writtenBy());
            row.put("pruned", r.pruned() == null ? null : r.pruned().decision().name());
            row.put("rule", r.pruned() == null ? null : r.pruned().rule());
            row.put("removedBy", r.removedBy());
            out.add(row);
        }
        return JsonText.writePretty(out);
    }

    String render() {
        String[] header = {"IMAGE:TAG", "DIGEST", "VARIANT", "PUT THERE BY", "PRUNER"};
        List<String[]> lines = new ArrayList<>();
        lines.add(header);
        for (Row r : rows) {
            lines.add(new String[]{r.image().name() + ":" + r.tag().value(),
                    r.digest() == null ? "(gone)" : r.digest().value().substring(0, 19),
                    r.variant(), r.writtenBy(), r.removedBy() != null ? "removed by " + r.removedBy() : r.pruneText()});
        }
        int[] width = new int[header.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                width[i] = Math.max(width[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                out.append(i == line.length - 1 ? line[i] : String.format("%-" + width[i] + "s  ", line[i]));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
