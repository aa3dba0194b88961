package dev.tagline.deploy.manifests;

import dev.tagline.deploy.manifests.Manifests.Document;
import dev.tagline.schema.topic.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.tagline.deploy.manifests.Manifests.list;
import static dev.tagline.deploy.manifests.Manifests.map;
import static dev.tagline.deploy.manifests.Manifests.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/compose and deploy/k8s agree with the services as they are in the working tree: images are
 * what the root pom's jib configuration pushes, ports and probes are the services' HTTP ports,
 * every environment variable, config-file key, ConfigMap and Secret is one a service reads or a
 * manifest defines, and autoscaling follows the real consumer groups and topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestConsistencyTest {
    static final List<String> SERVICES = List.of("tag-listener", "tag-planner", "image-builder", "registry-pruner");
    /** Read by the JVM or by Micronaut itself, not by tagline's code. */
    static final Set<String> RUNTIME_ENV = Set.of("JAVA_TOOL_OPTIONS", "MICRONAUT_CONFIG_FILES", "MICRONAUT_ENVIRONMENTS");
    /**
     * Keys the manifests set that the service's branch reads but that are not in this working tree
     * yet (deploy was written while the services were). Allowed only while absent; listed on every
     * run. Empty it once the pruner is merged (with all of them merged and this
     * map empty, every test here passed on 2026-11-22).
     */
    static final String NON_ROOT_USER = "65532";

    private final Path deploy = Path.of("").toAbsolutePath();
    private final Path root = deploy.getParent();
    private final Map<String, ServiceFacts> facts = new LinkedHashMap<>();
    private Map<String, Object> compose;
    private List<Document> base;
    private List<Document> all;
    private String rootPom;

    @BeforeAll
    void read() {
        assertTrue(Files.isDirectory(root.resolve("tag-planner/src/main")), "run from the deploy module: " + deploy);
        SERVICES.forEach(s -> facts.put(s, ServiceFacts.read(root, s)));
        compose = Manifests.yamlFile(deploy.resolve("compose/compose.yaml"));
        base = Manifests.k8s(deploy.resolve("k8s/base"));
        all = Manifests.k8s(deploy.resolve("k8s"));
        rootPom = ServiceFacts.text(root.resolve("pom.xml"));
    }

    // ---------------------------------------------------------------- images (root pom, jib)

    @Test
    void jibPushesEachServiceAsTaglineSlashItsArtifactIdAndVersion() {
        assertTrue(rootPom.contains("<image>${tagline.image.registry}/tagline/${project.artifactId}:${project.version}</image>"),
                "root pom: jib's <to><image> must stay ${tagline.image.registry}/tagline/${project.artifactId}:${project.version}");
        assertTrue(rootPom.contains("<mainClass>${exec.mainClass}</mainClass>"), "jib must run each service's exec.mainClass");
        assertTrue(rootPom.contains("<tagline.image.user>" + NON_ROOT_USER + ":" + NON_ROOT_USER + "</tagline.image.user>"),
                "the images run as " + NON_ROOT_USER);
    }

    @Test
    void jibExposesEachServicesHttpPortDefault() {
        for (ServiceFacts service : facts.values()) {
            String pkg = switch (service.artifactId()) {
                case "tag-listener" -> "listener";
                case "tag-planner" -> "planner";
                case "image-builder" -> "builder";
                default -> "pruner";
            };
            Matcher profile = Pattern.compile("<id>image-" + service.artifactId() + "</id>.*?dev/tagline/" + pkg
                    + "/Application\\.java</exists>.*?<tagline\\.image\\.port>(\\d+)</tagline\\.image\\.port>", Pattern.DOTALL)
                    .matcher(rootPom);
            assertTrue(profile.find(), "root pom: no image profile for " + service.artifactId());
            assertEquals(service.httpPort(), Integer.parseInt(profile.group(1)),
                    service.artifactId() + ": the image's port must be the service's TAGLINE_HTTP_PORT default");
            assertTrue(Files.exists(root.resolve(service.artifactId()).resolve("src/main/java/dev/tagline/" + pkg + "/Application.java")),
                    "the profile of " + service.artifactId() + " is activated by a file that does not exist");
        }
    }

    @Test
    void healthCheckIsCompiledByTheBuildAndShippedByJib() throws Exception {
        assertTrue(Files.exists(root.resolve("deploy/healthcheck/src/main/java/HealthCheck.java")), "the health check's source");
        assertTrue(rootPom.contains("<module>deploy/healthcheck</module>"), "the root pom builds the health check");
        assertTrue(rootPom.contains("<from>${maven.multiModuleProjectDirectory}/deploy/healthcheck/target/classes</from>")
                && rootPom.contains("<into>/opt/tagline/healthcheck</into>"), "jib must ship the compiled health check into /opt/tagline/healthcheck");
        for (String service : SERVICES) {
            Matcher profile = Pattern.compile("<id>image-" + service + "</id>(.*?)</profile>", Pattern.DOTALL).matcher(rootPom);
            assertTrue(profile.find(), "root pom: no image profile for " + service);
            assertTrue(profile.group(1).contains("<artifactId>healthcheck</artifactId>") && profile.group(1).contains("<scope>provided</scope>"),
                    service + ": its image profile must depend on healthcheck (provided), so the reactor compiles it before jib runs");
        }
        List<Path> compiled;
        try (var walk = Files.walk(root)) {
            compiled = walk.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> root.relativize(p).toString().split("/").length > 0)
                    .filter(p -> java.util.stream.StreamSupport.stream(root.relativize(p).spliterator(), false)
                            .noneMatch(part -> part.toString().equals("target") || part.toString().startsWith(".")))
                    .toList();
        }
        assertEquals(List.of(), compiled, "nothing compiled belongs in the source tree (the build compiles it)");
    }

    // ---------------------------------------------------------------- Compose

    @Test
    void composeRunsEachServiceFromItsJibImageOnItsPort() {
        for (ServiceFacts service : facts.values()) {
            Map<String, Object> svc = composeService(service.artifactId());
            String image = Manifests.composeDefaults(string(svc, "image"));
            assertEquals("127.0.0.1:5000/tagline/" + service.artifactId() + ":" + service.version(), image,
                    "compose image of " + service.artifactId() + " (with its defaults)");
            Map<String, Object> env = map(svc, "environment");
            assertEquals(Integer.toString(service.httpPort()), String.valueOf(env.get("TAGLINE_HTTP_PORT")), service.artifactId());
            assertTrue(list(svc.get("ports")).stream().map(String::valueOf)
                            .anyMatch(p -> p.endsWith(":" + service.httpPort()) && p.startsWith("127.0.0.1:")),
                    service.artifactId() + " publishes its port on 127.0.0.1 only: " + svc.get("ports"));
        }
    }

    @Test
    void composeHealthChecksRunTheHealthCheckJibShips() {
        for (String name : SERVICES) {
            List<Object> test = list(map(composeService(name), "healthcheck").get("test"));
            assertEquals("CMD", test.get(0), name + ": exec form, the image has no shell");
            assertEquals("java", test.get(1), name);
            int cp = test.indexOf("-cp");
            assertTrue(cp > 0, name + ": " + test);
            assertEquals("/opt/tagline/healthcheck", test.get(cp + 1), name);
            assertEquals("HealthCheck", test.get(cp + 2), name);
        }
    }

    @Test
    void composeGivesEachServiceOnlyVariablesItReads() {
        for (ServiceFacts service : facts.values()) {
            for (String name : map(composeService(service.artifactId()), "environment").keySet()) {
                assertReads(service, name, "compose.yaml " + service.artifactId());
            }
        }
    }

    @Test
    void composeConfigFilesHoldOnlyKeysTheServiceBinds() {
        for (ServiceFacts service : facts.values()) {
            Map<String, Object> svc = composeService(service.artifactId());
            Object files = map(svc, "environment").get("MICRONAUT_CONFIG_FILES");
            if (files == null) {
                continue;
            }
            for (String inContainer : files.toString().split(",")) {
                String host = list(svc.get("volumes")).stream().map(String::valueOf).map(Manifests::composeDefaults)
                        .filter(v -> v.split(":").length > 1 && v.split(":")[1].equals(inContainer)).map(v -> v.split(":")[0])
                        .findFirst().orElseThrow(() -> new AssertionError(service.artifactId() + ": nothing mounted at " + inContainer));
                Path file = deploy.resolve("compose").resolve(host).normalize();
                assertConfigFile(service, file, map(svc, "environment").keySet(), "compose " + service.artifactId());
            }
        }
    }

    @Test
    void composeHasKraftKafkaAndARegistryWithHealthChecksAndVolumes() {
        Map<String, Object> kafka = composeService("kafka");
        assertEquals("apache/kafka:4.1.0", Manifests.composeDefaults(string(kafka, "image")));
        assertEquals("broker,controller", string(kafka, "environment", "KAFKA_PROCESS_ROLES"));
        Map<String, Object> registry = composeService("registry");
        assertEquals("registry:2", Manifests.composeDefaults(string(registry, "image")));
        assertEquals("true", string(registry, "environment", "REGISTRY_STORAGE_DELETE_ENABLED"));
        Set<String> volumes = map(compose, "volumes").keySet();
        for (String name : List.of("kafka", "registry")) {
            Map<String, Object> svc = composeService(name);
            assertFalse(map(svc, "healthcheck").isEmpty(), name + " needs a health check");
            for (Object volume : list(svc.get("volumes"))) {
                assertTrue(volumes.contains(volume.toString().split(":")[0]), name + ": undeclared volume " + volume);
            }
        }
        for (String name : SERVICES) {
            assertTrue(String.valueOf(composeService(name).get("depends_on")).contains("kafka"), name + " waits for Kafka");
            for (Object volume : list(composeService(name).get("volumes"))) {
                String source = Manifests.composeDefaults(volume.toString()).split(":")[0];
                assertTrue(volumes.contains(source) || Files.exists(deploy.resolve("compose").resolve(source)),
                        name + ": volume source " + source + " is neither declared nor a file in deploy/compose");
            }
        }
    }

    // ---------------------------------------------------------------- Kubernetes

    @Test
    void everyKustomizationListsExistingFilesAndEveryManifestIsListed() {
        for (Path kustomization : ServiceFacts.files(deploy.resolve("k8s"), p -> p.getFileName().toString().equals("kustomization.yaml"))) {
            Path dir = kustomization.getParent();
            Map<String, Object> k = Manifests.yamlFile(kustomization);
            Set<Path> listed = new HashSet<>();
            for (String key : List.of("resources", "components")) {
                for (Object entry : list(k.get(key))) {
                    Path path = dir.resolve(entry.toString()).normalize();
                    assertTrue(Files.exists(path), kustomization + " lists missing " + entry);
                    listed.add(path);
                }
            }
            for (String generator : List.of("configMapGenerator", "secretGenerator")) {
                for (Object g : list(k.get(generator))) {
                    for (String key : List.of("files", "envs")) {
                        for (Object file : list(Manifests.cast(g).get(key))) {
                            String path = file.toString().contains("=") ? file.toString().split("=", 2)[1] : file.toString();
                            assertTrue(Files.exists(dir.resolve(path)), kustomization + " generates from missing " + path);
                        }
                    }
                }
            }
            for (Path manifest : ServiceFacts.files(dir, p -> p.toString().endsWith(".yaml") && !p.equals(kustomization))) {
                boolean inSubKustomization = !manifest.getParent().equals(dir)
                        && Files.exists(manifest.getParent().resolve("kustomization.yaml"));
                assertTrue(listed.contains(manifest) || inSubKustomization || listed.contains(manifest.getParent()),
                        manifest + " is not listed in " + kustomization);
            }
        }
    }

    @Test
    void eachServiceHasADeploymentServiceAccountPdbAndProbesOnHealthAtItsPort() {
        for (ServiceFacts service : facts.values()) {
            Document deployment = one(base, "Deployment", service.artifactId());
            Map<String, Object> pod = map(deployment.content(), "spec", "template", "spec");
            Map<String, Object> container = container(deployment);
            assertEquals("127.0.0.1:5000/tagline/" + service.artifactId() + ":" + service.version(), string(container, "image"));
            assertEquals(service.artifactId(), string(pod, "serviceAccountName"));
            one(base, "ServiceAccount", service.artifactId());
            assertEquals(NON_ROOT_USER, string(pod, "securityContext", "runAsUser"));
            assertEquals(Integer.toString(service.httpPort()), envValue(container, "TAGLINE_HTTP_PORT"));

            Map<String, Integer> ports = new LinkedHashMap<>();
            for (Object p : list(container.get("ports"))) {
                ports.put(string(Manifests.cast(p), "name"), Integer.parseInt(string(Manifests.cast(p), "containerPort")));
            }
            assertEquals(Map.of("http", service.httpPort()), ports, service.artifactId());
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                Map<String, Object> get = map(container, probe, "httpGet");
                assertTrue(string(get, "path") != null && string(get, "path").startsWith("/health"),
                        service.artifactId() + " " + probe + " must probe /health");
                assertTrue("http".equals(string(get, "port")) || Integer.toString(service.httpPort()).equals(string(get, "port")),
                        service.artifactId() + " " + probe + " port");
            }
            assertFalse(map(container, "resources", "requests").isEmpty(), service.artifactId() + " needs resource requests");
            assertFalse(map(container, "resources", "limits").isEmpty(), service.artifactId() + " needs resource limits");

            Document pdb = one(base, "PodDisruptionBudget", service.artifactId());
            assertEquals(map(deployment.content(), "spec", "selector", "matchLabels"), map(pdb.content(), "spec", "selector", "matchLabels"));
            Map<String, Object> labels = map(deployment.content(), "spec", "template", "metadata", "labels");
            map(deployment.content(), "spec", "selector", "matchLabels").forEach((k, v) ->
                    assertEquals(v, labels.get(k), service.artifactId() + ": the selector must match the pod labels"));
        }
    }

    @Test
    void deploymentsGiveEachServiceOnlyVariablesItReads() {
        Map<String, Map<String, Object>> configMaps = configMapData(base);
        for (ServiceFacts service : facts.values()) {
            Map<String, Object> container = container(one(base, "Deployment", service.artifactId()));
            for (String name : envNames(container, configMaps)) {
                assertReads(service, name, "Deployment " + service.artifactId());
            }
        }
    }

    @Test
    void referencedSecretsConfigMapsAndKeysExist() {
        Map<String, Set<String>> secrets = secretKeys(base);
        Map<String, Set<String>> configMaps = configMapKeys(deploy.resolve("k8s/base"));
        for (Document deployment : ofKind(base, "Deployment")) {
            Map<String, Object> pod = map(deployment.content(), "spec", "template", "spec");
            Map<String, Object> container = container(deployment);
            for (Object e : list(container.get("env"))) {
                Map<String, Object> configMapRef = map(Manifests.cast(e), "valueFrom", "configMapKeyRef");
                if (!configMapRef.isEmpty()) {
                    String name = string(configMapRef, "name");
                    assertTrue(configMaps.containsKey(name), deployment + ": no ConfigMap " + name);
                    assertTrue(configMaps.get(name).contains(string(configMapRef, "key")),
                            deployment + ": ConfigMap " + name + " has no key " + string(configMapRef, "key"));
                }
                Map<String, Object> secretRef = map(Manifests.cast(e), "valueFrom", "secretKeyRef");
                if (!secretRef.isEmpty()) {
                    String name = string(secretRef, "name");
                    assertTrue(secrets.containsKey(name), deployment + ": no Secret " + name);
                    assertTrue(secrets.get(name).contains(string(secretRef, "key")), deployment + ": Secret " + name + " has no key " + string(secretRef, "key"));
                }
            }
            for (Object f : list(container.get("envFrom"))) {
                String name = string(Manifests.cast(f), "configMapRef", "name");
                assertTrue(name == null || configMaps.containsKey(name), deployment + ": no ConfigMap " + name);
            }
            Set<String> mounted = new HashSet<>();
            for (Object m : list(container.get("volumeMounts"))) {
                mounted.add(string(Manifests.cast(m), "name"));
            }
            for (Object v : list(pod.get("volumes"))) {
                Map<String, Object> volume = Manifests.cast(v);
                assertTrue(mounted.contains(string(volume, "name")), deployment + ": volume " + string(volume, "name") + " is not mounted");
                String configMap = string(volume, "configMap", "name");
                assertTrue(configMap == null || configMaps.containsKey(configMap), deployment + ": no ConfigMap " + configMap);
                String secret = string(volume, "secret", "secretName");
                if (secret != null) {
                    assertTrue(secrets.containsKey(secret), deployment + ": no Secret " + secret);
                    for (Object item : list(map(volume, "secret").get("items"))) {
                        String key = string(Manifests.cast(item), "key");
                        assertTrue(secrets.get(secret).contains(key), deployment + ": Secret " + secret + " has no key " + key);
                    }
                }
            }
        }
    }

    @Test
    void listenerConfigFileHoldsOnlyKeysTheListenerBindsAndVariablesItIsGiven() {
        ServiceFacts listener = facts.get("tag-listener");
        Map<String, Object> container = container(one(base, "Deployment", "tag-listener"));
        String files = envValue(container, "MICRONAUT_CONFIG_FILES");
        assertTrue(files != null, "tag-listener gets its repositories through MICRONAUT_CONFIG_FILES");
        Map<String, Object> kustomization = Manifests.yamlFile(deploy.resolve("k8s/base/kustomization.yaml"));
        for (String inContainer : files.split(",")) {
            String fileName = Path.of(inContainer).getFileName().toString();
            Path file = list(kustomization.get("configMapGenerator")).stream().map(Manifests::cast)
                    .flatMap(g -> list(g.get("files")).stream()).map(String::valueOf)
                    .filter(f -> Path.of(f).getFileName().toString().equals(fileName))
                    .map(f -> deploy.resolve("k8s/base").resolve(f)).findFirst()
                    .orElseThrow(() -> new AssertionError("no ConfigMap file " + fileName + " for " + inContainer));
            assertConfigFile(listener, file, envNames(container, configMapData(base)), "k8s tag-listener");
        }
    }

    @Test
    void listenerWebhooksAreExposedThroughAServiceAndIngress() {
        Document service = one(base, "Service", "tag-listener");
        assertEquals("tag-listener", string(service.content(), "spec", "selector", "app.kubernetes.io/name"));
        Map<String, Object> port = Manifests.cast(list(map(service.content(), "spec").get("ports")).get(0));
        assertEquals("http", string(port, "targetPort"));
        Document ingress = one(base, "Ingress", "tag-listener");
        Map<String, Object> rule = Manifests.cast(list(map(ingress.content(), "spec").get("rules")).get(0));
        Map<String, Object> path = Manifests.cast(list(map(rule, "http").get("paths")).get(0));
        assertEquals("tag-listener", string(path, "backend", "service", "name"));
        assertEquals(string(port, "name"), string(path, "backend", "service", "port", "name"));
    }

    @Test
    void kedaScalesEachServiceOnItsOwnConsumerGroupAndTopicUpToThePartitionCount() {
        int partitions = Integer.parseInt(String.valueOf(configMapData(base).get("tagline-common").get("TAGLINE_TOPIC_PARTITIONS")));
        List<Document> scaled = ofKind(all, "ScaledObject");
        assertEquals(new TreeSet<>(SERVICES), scaled.stream().map(Document::name).collect(Collectors.toCollection(TreeSet::new)));
        for (Document object : scaled) {
            ServiceFacts service = facts.get(object.name());
            assertEquals(object.name(), string(object.content(), "spec", "scaleTargetRef", "name"));
            Map<String, Object> trigger = Manifests.cast(list(map(object.content(), "spec").get("triggers")).get(0));
            assertEquals("kafka", string(trigger, "type"));
            Map<String, Object> metadata = map(trigger, "metadata");
            String group = string(metadata, "consumerGroup");
            assertTrue(service.consumerGroups().containsKey(group),
                    object + ": consumer group " + group + " is not one of " + service.consumerGroups().keySet());
            String topic = string(metadata, "topic");
            assertTrue(Topics.byName(topic).isPresent(), object + ": unknown topic " + topic);
            assertTrue(service.topicsOf(group).contains(topic), object + ": group " + group + " reads " + service.topicsOf(group));
            assertTrue(Integer.parseInt(string(metadata, "lagThreshold")) > 0, object + " lagThreshold");
            assertTrue(string(metadata, "bootstrapServers") != null, object + " bootstrapServers");
            assertTrue(Integer.parseInt(string(object.content(), "spec", "maxReplicaCount")) <= partitions,
                    object + ": more replicas than partitions idle");
        }
    }

    @Test
    void hpaAlternativeCoversEveryDeploymentUpToThePartitionCount() {
        int partitions = Integer.parseInt(String.valueOf(configMapData(base).get("tagline-common").get("TAGLINE_TOPIC_PARTITIONS")));
        List<Document> hpas = ofKind(all, "HorizontalPodAutoscaler");
        assertEquals(new TreeSet<>(SERVICES), hpas.stream().map(d -> string(d.content(), "spec", "scaleTargetRef", "name"))
                .collect(Collectors.toCollection(TreeSet::new)));
        for (Document hpa : hpas) {
            assertEquals("Deployment", string(hpa.content(), "spec", "scaleTargetRef", "kind"));
            assertTrue(Integer.parseInt(string(hpa.content(), "spec", "maxReplicas")) <= partitions, hpa.toString());
        }
    }

    @Test
    void overlayRenamesExactlyTheBaseImages() {
        Map<String, Object> overlay = Manifests.yamlFile(deploy.resolve("k8s/overlays/example/kustomization.yaml"));
        Set<String> renamed = new TreeSet<>();
        for (Object entry : list(overlay.get("images"))) {
            Map<String, Object> image = Manifests.cast(entry);
            String name = string(image, "name");
            String service = name.substring(name.lastIndexOf('/') + 1);
            assertTrue(facts.containsKey(service), "overlay renames an unknown image " + name);
            assertEquals(string(container(one(base, "Deployment", service)), "image"), name + ":" + facts.get(service).version());
            assertTrue(string(image, "newName").endsWith("/tagline/" + service), string(image, "newName"));
            renamed.add(service);
        }
        assertEquals(new TreeSet<>(SERVICES), renamed);
        for (Object g : list(overlay.get("configMapGenerator"))) {
            Map<String, Object> generator = Manifests.cast(g);
            if ("tagline-common".equals(string(generator, "name"))) {
                for (Object literal : list(generator.get("literals"))) {
                    String name = literal.toString().split("=", 2)[0];
                    facts.values().forEach(s -> assertReads(s, name, "overlay tagline-common"));
                }
            }
        }
    }

    @Test
    void overlayKeepsReplicaCeilingsWithinItsOwnPartitionCount() {
        Map<String, Object> overlay = Manifests.yamlFile(deploy.resolve("k8s/overlays/example/kustomization.yaml"));
        int partitions = Integer.parseInt(String.valueOf(configMapData(base).get("tagline-common").get("TAGLINE_TOPIC_PARTITIONS")));
        for (Object g : list(overlay.get("configMapGenerator"))) {
            for (Object literal : list(Manifests.cast(g).get("literals"))) {
                if (literal.toString().startsWith("TAGLINE_TOPIC_PARTITIONS=")) {
                    partitions = Integer.parseInt(literal.toString().split("=", 2)[1]);
                }
            }
        }
        for (Object p : list(overlay.get("patches"))) {
            Map<String, Object> patch = Manifests.cast(p);
            for (Object op : list(new org.yaml.snakeyaml.Yaml().load(string(patch, "patch")))) {
                Map<String, Object> operation = Manifests.cast(op);
                String path = string(operation, "path");
                if (path.endsWith("/maxReplicaCount") || path.endsWith("/maxReplicas")) {
                    assertTrue(Integer.parseInt(string(operation, "value")) <= partitions,
                            "overlay: " + string(patch, "target", "name") + " " + path + " above " + partitions + " partitions");
                }
            }
        }
    }

    // ---------------------------------------------------------------- names

    @Test
    void renamedSettingsMapOntoKeysTheServiceBinds() {
        for (ServiceFacts service : facts.values()) {
            service.renamedEnv().forEach((old, key) -> assertTrue(service.readsProperty(key),
                    service.artifactId() + ": " + old + " is read as " + key + ", which it does not bind"));
            service.renamedPrefixes().forEach((old, prefix) -> {
                assertTrue(prefix.startsWith("tagline."), service.artifactId() + ": " + old + " renamed outside tagline.*: " + prefix);
                assertTrue(service.propertyKeys().stream().anyMatch(k -> k.startsWith(prefix)),
                        service.artifactId() + ": " + old + " is read as " + prefix + "*, under which it binds nothing");
                assertFalse(service.propertyKeys().stream().anyMatch(k -> k.startsWith(old)),
                        service.artifactId() + ": still binds a key under the renamed prefix " + old);
            });
        }
    }

    @Test
    void eachServiceKeepsItsOwnSettingsUnderTaglineDotItsName() {
        Map<String, String> prefixes = Map.of("tag-listener", "tagline.listener.", "tag-planner", "tagline.planner.",
                "image-builder", "tagline.builder.", "registry-pruner", "tagline.pruner.");
        Set<String> shared = Set.of("tagline.topics.", "tagline.repositories.", "tagline.schedules.", "kafka.", "micronaut.",
                "endpoints.", "jackson.", "netty.", "logger.");
        for (ServiceFacts service : facts.values()) {
            for (String key : service.propertyKeys()) {
                assertTrue(key.startsWith(prefixes.get(service.artifactId())) || shared.stream().anyMatch(key::startsWith),
                        service.artifactId() + " binds " + key + ", outside " + prefixes.get(service.artifactId()) + "* and the shared prefixes");
            }
        }
    }

    @Test
    void readmeSettingTablesNameVariablesTheServiceReads() {
        Pattern variable = Pattern.compile("`(TAGLINE_[A-Z0-9_]+)`");
        for (ServiceFacts service : facts.values()) {
            Set<String> named = new TreeSet<>();
            for (String line : ServiceFacts.text(root.resolve(service.artifactId()).resolve("README.md")).lines().toList()) {
                if (line.startsWith("| `tagline.") || line.startsWith("| `kafka.") || line.startsWith("| `micronaut.")) {
                    Matcher m = variable.matcher(line);
                    while (m.find()) {
                        named.add(m.group(1));
                    }
                }
            }
            assertFalse(named.isEmpty(), service.artifactId() + "/README.md lists its settings with their environment names");
            for (String name : named) {
                assertFalse(service.deprecatedEnv(name), service.artifactId() + "/README.md lists " + name + ", a name of the previous release");
                assertTrue(service.readsEnv(name), service.artifactId() + "/README.md lists " + name + ", which it does not read");
            }
        }
    }

    @Test
    void localLauncherGivesServicesOnlyVariablesTheyRead() {
        // up.sh's exports reach every service; the demo's `prepare` prints more exports for it to eval
        Set<String> exported = new TreeSet<>();
        Matcher export = Pattern.compile("(?m)^\\s*export\\s+(.+)$").matcher(ServiceFacts.text(deploy.resolve("local/up.sh")));
        while (export.find()) {
            Matcher name = Pattern.compile("(?:^|\\s)([A-Z][A-Z0-9_]*)=").matcher(export.group(1));
            while (name.find()) {
                exported.add(name.group(1));
            }
        }
        Matcher printed = Pattern.compile("\"export ([A-Z][A-Z0-9_]*)=").matcher(
                ServiceFacts.text(deploy.resolve("src/main/java/dev/tagline/deploy/demo/Demo.java")));
        while (printed.find()) {
            exported.add(printed.group(1));
        }
        assertTrue(exported.contains("TAGLINE_LISTENER_CACHE_DIR"), "up.sh exports " + exported);
        for (String name : exported) {
            if (name.equals("TAGLINE_HOME")) {
                continue; // the launcher's own (logs, pids, caches), read by supervise.sh
            }
            facts.values().forEach(service -> assertFalse(service.deprecatedEnv(name),
                    "up.sh/Demo export " + name + ", a name " + service.artifactId() + " reads only until the next release"));
            assertTrue(facts.values().stream().anyMatch(service -> RUNTIME_ENV.contains(name) || service.readsEnv(name)),
                    "up.sh/Demo export " + name + ", which no service reads");
        }
    }

    // ---------------------------------------------------------------- helpers

    private void assertReads(ServiceFacts service, String name, String where) {
        if (service.deprecatedEnv(name)) {
            throw new AssertionError(where + ": " + name + " is a name of the previous release, read by " + service.artifactId()
                    + " only until the next one: set the variable derived from its tagline." + "<service>.* key instead");
        }
        if (RUNTIME_ENV.contains(name) || service.readsEnv(name)) {
            return;
        }
        if (name.matches("[A-Z0-9_]+_WEBHOOK_SECRET")) {
            // Handed to the listener for its config file's ${...} placeholders; checked with that file.
            return;
        }
        throw new AssertionError(where + ": " + name + " is read by neither " + service.artifactId()
                + " nor the runtime (it reads " + service.envPlaceholders() + ", " + service.directEnv()
                + " and the properties " + service.propertyKeys() + ")");
    }

    private void assertConfigFile(ServiceFacts service, Path file, Set<String> givenEnv, String where) {
        Map<String, Object> config = Manifests.yamlFile(file);
        Set<String> keys = new TreeSet<>();
        ServiceFacts.flatten("", config, keys);
        for (String key : keys) {
            assertTrue(service.readsProperty(key), where + ": " + file.getFileName() + " sets " + key
                    + ", which " + service.artifactId() + " does not bind (it binds " + service.propertyKeys() + ")");
        }
        Matcher placeholder = ServiceFacts.PLACEHOLDER.matcher(ServiceFacts.text(file));
        while (placeholder.find()) {
            assertTrue(givenEnv.contains(placeholder.group(1)), where + ": " + file.getFileName() + " uses ${"
                    + placeholder.group(1) + "}, which the container is not given");
        }
        for (String secretVariable : givenEnv.stream().filter(n -> n.endsWith("_WEBHOOK_SECRET")).toList()) {
            assertTrue(ServiceFacts.text(file).contains("${" + secretVariable + "}"),
                    where + ": " + secretVariable + " is given but " + file.getFileName() + " never uses it");
        }
    }

    private Map<String, Object> composeService(String name) {
        Map<String, Object> svc = map(compose, "services", name);
        assertFalse(svc.isEmpty(), "compose.yaml has no service " + name);
        return svc;
    }

    private static Map<String, Object> container(Document deployment) {
        List<Object> containers = list(map(deployment.content(), "spec", "template", "spec").get("containers"));
        assertEquals(1, containers.size(), deployment + ": one container");
        Map<String, Object> container = Manifests.cast(containers.get(0));
        assertEquals(deployment.name(), string(container, "name"));
        return container;
    }

    private static String envValue(Map<String, Object> container, String name) {
        return list(container.get("env")).stream().map(Manifests::cast).filter(e -> name.equals(string(e, "name")))
                .map(e -> string(e, "value")).findFirst().orElse(null);
    }

    private static Set<String> envNames(Map<String, Object> container, Map<String, Map<String, Object>> configMaps) {
        Set<String> names = new TreeSet<>();
        list(container.get("env")).forEach(e -> names.add(string(Manifests.cast(e), "name")));
        for (Object f : list(container.get("envFrom"))) {
            String configMap = string(Manifests.cast(f), "configMapRef", "name");
            if (configMap != null) {
                names.addAll(configMaps.getOrDefault(configMap, Map.of()).keySet());
            }
        }
        return names;
    }

    private static Map<String, Map<String, Object>> configMapData(List<Document> documents) {
        Map<String, Map<String, Object>> data = new LinkedHashMap<>();
        ofKind(documents, "ConfigMap").forEach(d -> data.put(d.name(), map(d.content(), "data")));
        return data;
    }

    /** ConfigMaps defined as resources or generated by the kustomization. */
    private Map<String, Set<String>> configMapKeys(Path dir) {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        configMapData(base).forEach((name, data) -> keys.put(name, data.keySet()));
        for (Object g : list(Manifests.yamlFile(dir.resolve("kustomization.yaml")).get("configMapGenerator"))) {
            Set<String> files = new TreeSet<>();
            list(Manifests.cast(g).get("files")).forEach(f -> files.add(Path.of(f.toString()).getFileName().toString()));
            keys.put(string(Manifests.cast(g), "name"), files);
        }
        return keys;
    }

    private static Map<String, Set<String>> secretKeys(List<Document> documents) {
        Map<String, Set<String>> keys = new LinkedHashMap<>();
        for (Document secret : ofKind(documents, "Secret")) {
            Set<String> names = new TreeSet<>(map(secret.content(), "stringData").keySet());
            names.addAll(map(secret.content(), "data").keySet());
            keys.put(secret.name(), names);
        }
        return keys;
    }

    private static List<Document> ofKind(List<Document> documents, String kind) {
        return documents.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    private static Document one(List<Document> documents, String kind, String name) {
        List<Document> found = new ArrayList<>(documents.stream().filter(d -> d.kind().equals(kind) && name.equals(d.name())).toList());
        assertEquals(1, found.size(), "exactly one " + kind + " " + name + " in deploy/k8s/base");
        return found.get(0);
    }
}
