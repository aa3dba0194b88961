package dev.tagline.planner.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagline.cli.JsonOutput;
import dev.tagline.planner.planning.Decision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * docker/metadata-action's outputs for one decision ({@code version}, {@code tags}, {@code tag-names},
 * {@code labels}, {@code annotations}, {@code json}) and its bake file definitions, as {@code main.ts} and
 * {@code Meta.getJSON}/{@code getBakeFile} build them.
 *
 * @param outputs     output name to value, in metadata-action's order
 * @param bakeFiles   bake file kind ({@code tags}, {@code labels}, {@code annotations}, and {@code ""} for the one with
 *                    tags and labels, metadata-action's {@code bake-file}) to its JSON text
 */
public record MetadataOutputs(Map<String, String> outputs, Map<String, String> bakeFiles) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How the outputs are joined, metadata-action's inputs and environment.
     *
     * @param sepTags          {@code sep-tags} (default newline)
     * @param sepLabels        {@code sep-labels}
     * @param sepAnnotations   {@code sep-annotations}
     * @param annotationLevels {@code DOCKER_METADATA_ANNOTATIONS_LEVELS} split at commas (default {@code manifest})
     * @param bakeTarget       {@code bake-target} (default {@code docker-metadata-action})
     */
    public record Options(String sepTags, String sepLabels, String sepAnnotations, List<String> annotationLevels, String bakeTarget) {
        public static final Options DEFAULT = new Options("\n", "\n", "\n", List.of("manifest"), "docker-metadata-action");

        public Options {
            annotationLevels = List.copyOf(annotationLevels);
        }
    }

    /**
     * @param images      the enabled image names, lowercased (metadata-action's {@code getImageNames})
     * @param annotations the default variant's annotations
     */
    public static MetadataOutputs of(Decision d, List<String> images, Map<String, String> annotations, Options o) {
        List<String> tags = new ArrayList<>();
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Decision.Variant v : d.variants()) {
            tags.addAll(v.references());
            names.addAll(v.tags());
        }
        List<String> tagNames = List.copyOf(names);
        List<String> labelLines = lines(d.labels());
        List<String> annotationLines = new ArrayList<>();
        for (String level : o.annotationLevels()) {
            for (String line : lines(annotations)) {
                annotationLines.add(level + ":" + line);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tags", tags);
        json.put("tag-names", tagNames);
        json.put("labels", new TreeMap<>(d.labels()));
        json.put("annotations", annotationLines);

        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("version", d.version());
        outputs.put("tags", String.join(o.sepTags(), tags));
        outputs.put("tag-names", String.join(o.sepTags(), tagNames));
        outputs.put("labels", String.join(o.sepLabels(), labelLines));
        outputs.put("annotations", String.join(o.sepAnnotations(), annotationLines));
        outputs.put("json", write(JSON, json));

        Map<String, Object> args = new LinkedHashMap<>();
        args.put("DOCKER_META_IMAGES", String.join(",", images));
        if (!d.version().isEmpty()) {
            args.put("DOCKER_META_VERSION", d.version()); // JSON.stringify leaves out an undefined version
        }
        Map<String, String> bake = new LinkedHashMap<>();
        bake.put("tags", bake(o.bakeTarget(), Map.of("tags", tags, "args", args)));
        bake.put("labels", bake(o.bakeTarget(), Map.of("labels", new TreeMap<>(d.labels()))));
        bake.put("annotations", bake(o.bakeTarget(), Map.of("annotations", annotationLines)));
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("tags", tags);
        both.put("labels", new TreeMap<>(d.labels()));
        both.put("args", args);
        bake.put("", bake(o.bakeTarget(), both));
        return new MetadataOutputs(outputs, bake);
    }

    /** {@code key=value}, sorted by key (the maps are sorted already; kept sorted for any caller). */
    private static List<String> lines(Map<String, String> map) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(map).forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private static String bake(String target, Map<String, Object> definition) {
        Map<String, Object> sorted = new LinkedHashMap<>();
        for (String key : List.of("tags", "labels", "annotations", "args")) {
            if (definition.containsKey(key)) {
                sorted.put(key, definition.get(key));
            }
        }
        // laid out as JSON.stringify(value, null, 2) lays it out
        return JsonOutput.pretty(Map.of("target", Map.of(target, sorted))).stripTrailing();
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
