package dev.tagline.deploy.manifests;

import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** YAML documents of deploy/compose and deploy/k8s, with small typed accessors. */
final class Manifests {
    /** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
    static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?(-|\\?)([^}]*))?}");

    private Manifests() {
    }

    record Document(Path file, Map<String, Object> content) {
        String kind() {
            return Objects.toString(content.get("kind"), "");
        }

        String name() {
            return string(content, "metadata", "name");
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + file.getFileName() + ")";
        }
    }

    static List<Document> k8s(Path dir) {
        List<Document> documents = new ArrayList<>();
        for (Path file : ServiceFacts.files(dir, p -> p.toString().endsWith(".yaml"))) {
            for (Object doc : new Yaml().loadAll(ServiceFacts.text(file))) {
                if (doc instanceof Map<?, ?> map) {
                    documents.add(new Document(file, cast(map)));
                }
            }
        }
        return documents;
    }

    static Map<String, Object> yamlFile(Path file) {
        return cast(new Yaml().load(ServiceFacts.text(file)));
    }

    /** Compose's ${VAR:-default} with its default (what runs when nothing is set). */
    static String composeDefaults(String value) {
        Matcher m = COMPOSE_VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("-".equals(m.group(2)) ? m.group(3) : ""));
        }
        m.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    static Map<String, Object> map(Map<String, Object> from, String... path) {
        Object current = from;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return Map.of();
            }
            current = m.get(key);
        }
        return current instanceof Map<?, ?> m ? cast(m) : Map.of();
    }

    static String string(Map<String, Object> from, String... path) {
        Object current = from;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current == null ? null : current.toString();
    }
}
