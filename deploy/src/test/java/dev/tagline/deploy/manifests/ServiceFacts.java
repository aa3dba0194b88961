package dev.tagline.deploy.manifests;

import dev.tagline.schema.topic.Topics;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service actually reads, taken from its working-tree sources at test time (no copy of
 * them here): its application*.yml and logback.xml (keys and ${ENV:default} placeholders), its
 * {@code @ConfigurationProperties}/{@code @EachProperty} records, {@code System.getenv("X")} calls,
 * its {@code @KafkaListener} group ids and topics, and those of the tagline modules it depends on.
 */
record ServiceFacts(String artifactId, String version, int httpPort, Set<String> envPlaceholders,
                    Set<String> propertyKeys, Set<String> directEnv, boolean readsRegistryCredentialEnv,
                    Map<String, Set<String>> consumerGroups, Map<String, String> renamedPrefixes, Map<String, String> renamedEnv) {

    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-?[^}]*)?}");
    static final Pattern CONFIG_PROPERTIES = Pattern.compile("@(ConfigurationProperties|EachProperty)\\(\\s*(?:value\\s*=\\s*)?\"([^\"]+)\"");
    static final Pattern RECORD_HEADER = Pattern.compile("record\\s+\\w+\\s*\\((.*?)\\)\\s*(?:implements[^{]*)?\\{", Pattern.DOTALL);
    static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\\s*\"([A-Z0-9_]+)\"");
    static final Pattern LISTENER_GROUP = Pattern.compile("@KafkaListener\\([^)]*?groupId\\s*=\\s*(\"[^\"]*\"|[\\w.]+)");
    /** {@code ${key:default}} in an annotation value: the service runs with the default unless configured. */
    static final Pattern PROPERTY_DEFAULT = Pattern.compile("\\$\\{[^:}]+:([^}]*)}");
    static final Pattern TOPIC = Pattern.compile("@Topic\\(\\s*([\\w.\"-]+)\\s*\\)");
    /** A Kafka Streams topology: its application id (the consumer group) and the topics of its sources. */
    static final Pattern STREAMS_APPLICATION_ID = Pattern.compile("String\\s+DEFAULT_APPLICATION_ID\\s*=\\s*\"([^\"]+)\"");
    /** A consumer the service runs itself: the group it sets and the topics it subscribes to. */
    static final Pattern CLIENT_GROUP = Pattern.compile("ConsumerConfig\\.GROUP_ID_CONFIG\\s*,\\s*([\\w.\"-]+)\\s*\\)");
    static final Pattern CLIENT_SUBSCRIBE = Pattern.compile("\\.subscribe\\(\\s*List\\.of\\(\\s*(Topics\\.\\w+)");
    static final Pattern STREAMS_SOURCE = Pattern.compile("\\.addSource\\([^;]*?,\\s*(Topics\\.\\w+)\\s*\\)");
    /**
     * A key the service reads in Java without a config record: {@code ${tagline.x.y:default}} in an annotation,
     * {@code @Requires(property = "tagline.x.y")}, {@code getProperty("tagline.x.y", ...)}.
     */
    static final Pattern JAVA_PROPERTY = Pattern.compile("(?:\\$\\{|property\\s*=\\s*\"|getProperty\\(\\s*\")(tagline\\.[a-z0-9.-]+)");
    static final Pattern PORT = Pattern.compile("\\$\\{TAGLINE_HTTP_PORT:(\\d+)}");
    /** Settings renamed in this release, still read for one (shared-kafka's RenamedSettings in the service's main). */
    static final Pattern RENAME_PREFIX = Pattern.compile("Rename\\.prefix\\(\\s*\"([^\"]+)\"\\s*,\\s*\"([^\"]+)\"\\s*\\)");
    static final Pattern RENAME_ENV = Pattern.compile("Rename\\.env\\(\\s*\"([^\"]+)\"\\s*,\\s*\"([^\"]+)\"\\s*\\)");

    static ServiceFacts read(Path root, String artifactId) {
        Path module = root.resolve(artifactId);
        String pom = text(module.resolve("pom.xml"));
        String version = firstGroup(Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL), pom, "version in " + module);
        List<Path> modules = new ArrayList<>(List.of(module));
        for (String library : List.of("shared-schemas", "registry-client")) {
            if (pom.contains("<artifactId>" + library + "</artifactId>")) {
                modules.add(root.resolve(library));
            }
        }

        Set<String> placeholders = new TreeSet<>();
        Set<String> keys = new TreeSet<>();
        Integer port = null;
        for (Path resource : files(module.resolve("src/main/resources"), p -> {
            String name = p.getFileName().toString();
            return name.startsWith("application") && (name.endsWith(".yml") || name.endsWith(".yaml")) || name.equals("logback.xml");
        })) {
            String content = text(resource);
            Matcher placeholder = PLACEHOLDER.matcher(content);
            while (placeholder.find()) {
                if (placeholder.group(1).equals(placeholder.group(1).toUpperCase())) {
                    placeholders.add(placeholder.group(1));
                }
            }
            Matcher p = PORT.matcher(content);
            if (p.find()) {
                port = Integer.parseInt(p.group(1));
            }
            if (resource.toString().endsWith(".yml") || resource.toString().endsWith(".yaml")) {
                for (Object document : new Yaml().loadAll(content)) {
                    if (document instanceof Map<?, ?> map) {
                        flatten("", map, keys);
                    }
                }
            }
        }
        if (port == null) {
            throw new IllegalStateException(artifactId + "'s application.yml has no micronaut.server.port: ${TAGLINE_HTTP_PORT:<default>}");
        }

        Set<String> directEnv = new TreeSet<>();
        boolean registryEnv = false;
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        Set<String> clientGroups = new TreeSet<>();
        Set<String> clientTopics = new TreeSet<>();
        for (Path dir : modules) {
            for (Path source : files(dir.resolve("src/main/java"), p -> p.toString().endsWith(".java"))) {
                String java = text(source);
                Matcher config = CONFIG_PROPERTIES.matcher(java);
                if (config.find()) {
                    String prefix = config.group(2) + (config.group(1).equals("EachProperty") ? ".*" : "");
                    Matcher header = RECORD_HEADER.matcher(java);
                    if (header.find()) {
                        for (String component : components(header.group(1))) {
                            keys.add(prefix + "." + kebab(component));
                        }
                    } else {
                        keys.add(prefix + ".*");
                    }
                }
                Matcher javaProperty = JAVA_PROPERTY.matcher(java);
                while (javaProperty.find()) {
                    keys.add(javaProperty.group(1));
                }
                Matcher env = GETENV.matcher(java);
                while (env.find()) {
                    directEnv.add(env.group(1));
                }
                if (java.contains("\"TAGLINE_REGISTRY_\"") && java.contains("USERNAME") && java.contains("PASSWORD")) {
                    registryEnv = true;
                }
                if (dir.equals(module)) {
                    Matcher clientGroup = CLIENT_GROUP.matcher(java);
                    while (clientGroup.find()) {
                        String expression = clientGroup.group(1);
                        String constant = expression.substring(expression.lastIndexOf('.') + 1);
                        Path owner = expression.contains(".") ? source.resolveSibling(expression.substring(0, expression.lastIndexOf('.')) + ".java") : source;
                        clientGroups.add(resolveString(constant.startsWith("\"") ? expression : constant, text(owner), owner));
                    }
                    Matcher subscribe = CLIENT_SUBSCRIBE.matcher(java);
                    while (subscribe.find()) {
                        clientTopics.add(resolveString(subscribe.group(1), java, source));
                    }
                }
                Matcher application = STREAMS_APPLICATION_ID.matcher(java);
                if (application.find() && dir.equals(module)) {
                    Set<String> topics = groups.computeIfAbsent(application.group(1), g -> new TreeSet<>());
                    Matcher streamsSource = STREAMS_SOURCE.matcher(java);
                    while (streamsSource.find()) {
                        topics.add(resolveString(streamsSource.group(1), java, source));
                    }
                }
                Matcher group = LISTENER_GROUP.matcher(java);
                if (group.find() && dir.equals(module)) {
                    String groupId = resolveString(group.group(1), java, source);
                    Matcher topic = TOPIC.matcher(java);
                    Set<String> topics = groups.computeIfAbsent(groupId, g -> new TreeSet<>());
                    while (topic.find()) {
                        topics.add(resolveString(topic.group(1), java, source));
                    }
                }
            }
        }
        for (String group : clientGroups) {
            groups.computeIfAbsent(group, g -> new TreeSet<>()).addAll(clientTopics);
        }
        Map<String, String> renamedPrefixes = new LinkedHashMap<>();
        Map<String, String> renamedEnv = new LinkedHashMap<>();
        for (Path source : files(module.resolve("src/main/java"), p -> p.getFileName().toString().equals("Application.java"))) {
            String java = text(source);
            Matcher prefix = RENAME_PREFIX.matcher(java);
            while (prefix.find()) {
                renamedPrefixes.put(prefix.group(1), prefix.group(2));
            }
            Matcher env = RENAME_ENV.matcher(java);
            while (env.find()) {
                renamedEnv.put(env.group(1), env.group(2));
            }
        }
        return new ServiceFacts(artifactId, version, port, placeholders, keys, directEnv, registryEnv, groups, renamedPrefixes, renamedEnv);
    }

    /**
     * Whether the service reads this environment variable: a placeholder in its config, a variable
     * it reads itself, registry credentials, or Micronaut's mapping of a variable onto a property it
     * binds ({@code TAGLINE_PLANNER_POLICY_DIR} onto {@code tagline.planner.policy-dir}).
     */
    boolean readsEnv(String name) {
        if (envPlaceholders.contains(name) || directEnv.contains(name)) {
            return true;
        }
        if (readsRegistryCredentialEnv && name.matches("TAGLINE_REGISTRY_[A-Z0-9_]+_(USERNAME|PASSWORD)")) {
            return true;
        }
        return propertyKeys.stream().anyMatch(key -> envPattern(key).matcher(name).matches());
    }

    /**
     * Whether this is a name of the previous release that the service still reads, for one release, with
     * a deprecation warning: an old variable ({@code TAGLINE_LISTENER_CACHE}) or one under an old prefix
     * ({@code PRUNER_APPLY}).
     */
    boolean deprecatedEnv(String name) {
        return renamedEnv.containsKey(name)
                || renamedPrefixes.keySet().stream().anyMatch(old -> name.startsWith(old.toUpperCase().replace('.', '_').replace('-', '_')));
    }

    /** Whether a key of a config file handed to the service is one it binds ({@code *} is any one segment). */
    boolean readsProperty(String key) {
        return propertyKeys.stream().anyMatch(known -> propertyPattern(known).matcher(key).matches());
    }

    /** The topics this service's consumer group reads. */
    Set<String> topicsOf(String groupId) {
        return consumerGroups.getOrDefault(groupId, Set.of());
    }

    static Pattern envPattern(String key) {
        StringBuilder regex = new StringBuilder();
        for (String segment : key.split("\\.")) {
            if (!regex.isEmpty()) {
                regex.append('_');
            }
            regex.append(segment.equals("*") ? "[A-Z0-9_]+" : Pattern.quote(segment.toUpperCase().replace('-', '_')));
        }
        return Pattern.compile(regex.toString());
    }

    static Pattern propertyPattern(String key) {
        StringBuilder regex = new StringBuilder();
        for (String segment : key.split("\\.")) {
            if (!regex.isEmpty()) {
                regex.append("\\.");
            }
            regex.append(segment.equals("*") ? "[^.]+" : Pattern.quote(segment));
        }
        // A list value flattens to key[0], key[1], ...
        return Pattern.compile(regex + "(\\[\\d+])?");
    }

    static void flatten(String prefix, Map<?, ?> map, Set<String> into) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "." + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                flatten(key, child, into);
            } else {
                into.add(key);
            }
        }
    }

    static List<String> components(String header) {
        List<String> names = new ArrayList<>();
        // Drop annotations with arguments, then take the last word of each component.
        String plain = header.replaceAll("@\\w+(\\.\\w+)*\\([^)]*\\)", "").replaceAll("@\\w+(\\.\\w+)*", "");
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : plain.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                names.add(lastWord(current.toString()));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            names.add(lastWord(current.toString()));
        }
        return names;
    }

    static String lastWord(String component) {
        String[] words = component.trim().split("\\s+");
        return words[words.length - 1];
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /** A string literal, a Topics constant, or a constant of the same source file. */
    static String resolveString(String expression, String java, Path source) {
        if (expression.startsWith("\"")) {
            return PROPERTY_DEFAULT.matcher(expression.substring(1, expression.length() - 1)).replaceAll("$1");
        }
        String name = expression.substring(expression.lastIndexOf('.') + 1);
        if (expression.startsWith("Topics.")) {
            try {
                return (String) Topics.class.getField(name).get(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(source + ": no constant Topics." + name, e);
            }
        }
        return firstGroup(Pattern.compile("String\\s+" + Pattern.quote(name) + "\\s*=\\s*\"([^\"]+)\""), java,
                "constant " + name + " in " + source);
    }

    static String firstGroup(Pattern pattern, String text, String what) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("cannot find " + what);
        }
        return m.group(1);
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> files(Path dir, java.util.function.Predicate<Path> filter) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(filter).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
