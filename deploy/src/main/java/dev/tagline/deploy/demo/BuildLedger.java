package dev.tagline.deploy.demo;

import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.PushedTags;
import dev.tagline.schema.event.RefEvent;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.json.JsonText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every build result of a demo run, in log order, with the event behind it: what the end-to-end test
 * checks "one digest per commit and variant" and "a release tag on a built commit is a promotion" on.
 */
final class BuildLedger {
    private BuildLedger() {
    }

    /** {@code [{"event","ref","change","commit","variant","status","digest","promoted","bytesUploaded","tagsWritten","tagsRemoved"}]}. */
    static String toJson(PipelineLog log) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BuildResult r : log.results.values()) {
            TagPlan plan = log.plans.get(r.planId());
            RefEvent event = log.events.get(r.eventId());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("event", r.eventId());
            row.put("ref", event == null ? null : event.ref().value());
            row.put("change", event == null ? null : event.change().name());
            row.put("plannedRef", plan == null ? null : plan.ref().value());
            row.put("commit", r.commit().value());
            row.put("variant", r.variant());
            row.put("status", r.status().name());
            row.put("digest", r.digest() == null ? null : r.digest().value());
            row.put("promoted", r.promoted());
            row.put("bytesUploaded", r.bytesUploaded());
            row.put("tagsWritten", tags(r.tagsWritten()));
            row.put("tagsRemoved", tags(r.tagsRemoved()));
            out.add(row);
        }
        return JsonText.writePretty(out);
    }

    private static List<String> tags(List<PushedTags> pushed) {
        return pushed.stream().flatMap(p -> p.tags().stream()).map(t -> t.value()).toList();
    }
}
