package dev.tagline.pruner.json;

import dev.tagline.schema.json.JsonText;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.pruner.retention.PruneDecision;
import dev.tagline.pruner.retention.RegistrySnapshot;
import dev.tagline.pruner.retention.RetentionPlan;
import dev.tagline.policy.retention.RetentionPolicyParser;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageTag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file formats of {@code prune snapshot} and {@code prune plan}:
 * <pre>
 * {"repository": NAME, "tags": [{"tag", "digest", "pushedAt"}],
 *  "manifests": [{"digest", "mediaType", "children": [...], "subject", "configCreated", "pushedAt"}]}
 * {"deletedDigests": [...], "deletedTags": [...], "remainingTags": [...], "decisions": [...]}
 * </pre>
 * A snapshot may carry {@code "tagDeletionSupported": true} (written only when the registry can delete a
 * tag alone); absent means false, the safe assumption.
 */
public final class SnapshotJson {
    private SnapshotJson() {
    }

    public static String write(RegistrySnapshot s) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("repository", s.repository());
        List<Object> tags = new ArrayList<>();
        for (RegistrySnapshot.Tag t : s.tags()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tag", t.tag().value());
            m.put("digest", t.digest().value());
            m.put("pushedAt", iso(t.pushedAt()));
            tags.add(m);
        }
        root.put("tags", tags);
        List<Object> manifests = new ArrayList<>();
        for (RegistrySnapshot.Manifest x : s.manifests()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("digest", x.digest().value());
            m.put("mediaType", x.mediaType());
            m.put("children", x.children().stream().map(Digest::value).toList());
            m.put("subject", x.subject() == null ? null : x.subject().value());
            m.put("configCreated", iso(x.configCreated()));
            m.put("pushedAt", iso(x.pushedAt()));
            manifests.add(m);
        }
        root.put("manifests", manifests);
        if (s.tagDeletionSupported()) {
            root.put("tagDeletionSupported", true);
        }
        return pretty(root);
    }

    /** @throws InvalidPolicyException naming the file and the field that is wrong */
    public static RegistrySnapshot read(String text, String source) {
        Object doc = isJson(text) ? loadJson(text, source) : RetentionPolicyParser.load(text, source);
        if (!(doc instanceof Map<?, ?> root)) {
            throw new InvalidPolicyException(source + ": a snapshot must be a JSON object");
        }
        String repository = string(root.get("repository"), source + ": repository", true);
        List<RegistrySnapshot.Tag> tags = elements(root.get("tags"), source + ": tags", (t, at) ->
                new RegistrySnapshot.Tag(ImageTag.parse(string(t.get("tag"), at + ".tag", true)),
                        Digest.parse(string(t.get("digest"), at + ".digest", true)), instant(t.get("pushedAt"), at + ".pushedAt")));
        List<RegistrySnapshot.Manifest> manifests = elements(root.get("manifests"), source + ": manifests", (m, at) -> {
            List<Digest> children = new ArrayList<>();
            for (Object c : m.get("children") == null ? List.of() : list(m.get("children"), at + ".children")) {
                children.add(Digest.parse(String.valueOf(c)));
            }
            String subject = string(m.get("subject"), at + ".subject", false);
            return new RegistrySnapshot.Manifest(Digest.parse(string(m.get("digest"), at + ".digest", true)),
                    string(m.get("mediaType"), at + ".mediaType", false), children,
                    subject == null ? null : Digest.parse(subject),
                    instant(m.get("configCreated"), at + ".configCreated"), instant(m.get("pushedAt"), at + ".pushedAt"));
        });
        return new RegistrySnapshot(repository, tags, manifests, Boolean.TRUE.equals(root.get("tagDeletionSupported")));
    }

    /** Reads one element of a list, given as its map and where it stands ({@code snapshot.json: tags[3]}). */
    private interface Element<T> {
        T read(Map<?, ?> element, String at);
    }

    /** The elements of the list {@code field}; a value an element's reader refuses is named by where it stands. */
    private static <T> List<T> elements(Object raw, String field, Element<T> reader) {
        List<?> items = list(raw, field);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = field + "[" + i + "]";
            Map<?, ?> element = map(items.get(i), at);
            try {
                out.add(reader.read(element, at));
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyException(at + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Indented JSON in the layout users and scripts know (scalar arrays on one line). */
    public static String pretty(Object tree) {
        return JsonText.writePretty(tree);
    }

    private static boolean isJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c == '{' || c == '[';
            }
        }
        return false;
    }

    /** JSON as JSON: no document size limit (SnakeYAML refuses more than 3 MiB, about 7,800 tags). */
    private static Object loadJson(String text, String source) {
        try {
            return JSON.readValue(text.startsWith("\uFEFF") ? text.substring(1) : text, Object.class);
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException(source + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()), e);
        }
    }

    public static Map<String, Object> planToMap(RetentionPlan plan) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("deletedDigests", plan.deletedDigests().stream().map(Digest::value).toList());
        root.put("deletedTags", plan.deletedTags().stream().map(ImageTag::value).toList());
        root.put("remainingTags", plan.remainingTags().stream().map(ImageTag::value).toList());
        List<Object> decisions = new ArrayList<>();
        for (PruneDecision d : plan.decisions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tag", d.tag() == null ? null : d.tag().value());
            m.put("digest", d.digest().value());
            m.put("decision", d.decision().name());
            m.put("rule", d.rule());
            m.put("reason", d.reason());
            decisions.add(m);
        }
        root.put("decisions", decisions);
        root.put("warnings", plan.warnings());
        return root;
    }

    public static String writePlan(RetentionPlan plan) {
        return pretty(planToMap(plan));
    }

    static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Instant instant(Object v, String field) {
        if (v == null) {
            return null;
        }
        if (v instanceof java.util.Date date) {
            return date.toInstant(); // YAML loaders turn unquoted timestamps into dates
        }
        try {
            return Instant.parse(String.valueOf(v));
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(String.valueOf(v)).toInstant();
            } catch (DateTimeParseException e2) {
                throw new InvalidPolicyException(field + ": '" + v + "' is not an ISO-8601 instant");
            }
        }
    }

    private static String string(Object v, String field, boolean required) {
        if (v == null) {
            if (required) {
                throw new InvalidPolicyException(field + " is required");
            }
            return null;
        }
        return String.valueOf(v);
    }

    private static List<?> list(Object v, String field) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw new InvalidPolicyException(field + " must be a list");
        }
        return l;
    }

    private static Map<?, ?> map(Object v, String field) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new InvalidPolicyException(field + " must be an object");
        }
        return m;
    }
}
