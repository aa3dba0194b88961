package dev.tagline.pruner.execution;

import dev.tagline.pruner.cli.Cli;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.PruneAudit;
import dev.tagline.schema.event.PruneDecision;
import dev.tagline.schema.topic.Topics;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.testkit.CliRun;
import dev.tagline.testkit.KafkaBroker;
import dev.tagline.testkit.KafkaProbe;
import dev.tagline.testkit.LocalRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code prune run --apply} killed (SIGKILL) in the middle of its deletes, then run again: nothing kept is touched, the
 * second run finishes the job, and every digest that is gone was announced on the audit log before it went (the killed
 * run never published its outcomes, only its intents). A real registry, a real broker and a real process.
 */
class KilledRunIT {
    private static final int CI_IMAGES = 80;

    @TempDir
    Path dir;

    @Test
    void aRunKilledMidDeleteLeavesItsIntentsAndTheNextRunFinishesIt() throws Exception {
        LocalRegistry registry = LocalRegistry.shared();
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        KafkaProbe.createTopics(2, Topics.PRUNE_AUDIT_NAME);
        String name = "acme/killed-" + UUID.randomUUID().toString().substring(0, 8);
        ImageRepository repo = ImageRepository.of(registry.hostPort(), name);
        try (RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build()) {
            List<Digest> ci = new ArrayList<>();
            for (int i = 0; i < CI_IMAGES; i++) {
                ci.add(TestImagesAccess.pushTagged(client, repo, "ci-" + i, String.format("sha-%07x", i)));
            }
            List<String> releases = List.of("1.0.0", "1.1.0", "latest");
            List<Digest> kept = new ArrayList<>();
            for (int i = 0; i < releases.size(); i++) {
                kept.add(TestImagesAccess.pushTagged(client, repo, "rel-" + i, String.format("sha-f%06x", i), releases.get(i)));
            }
            Path policy = dir.resolve("policy.yaml");
            Files.writeString(policy, "candidates: [sha-*]\nkeep: [\"1.*\"]\nprotectedTags: [latest]\nkeepLast: 0\ngracePeriod: 0s\n");
            List<String> args = List.of("prune", "run", "--registry", registry.url().toString(), "--repository", name,
                    "--policy", policy.toString(), "--bootstrap-servers", bootstrap, "--apply", "--progress");

            // the first run, its own JVM, killed as soon as it reports its first delete
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.tagline.pruner.Application"));
            command.addAll(args);
            Process first = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> output = new ArrayList<>();
            boolean killedMidRun = false;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    output.add(line);
                    if (line.trim().matches("\\[\\d+/\\d+] deleted .*")) {
                        first.destroyForcibly();
                        killedMidRun = true;
                        break;
                    }
                }
            }
            assertTrue(first.waitFor(30, TimeUnit.SECONDS));
            assertTrue(killedMidRun, "the run was killed after its first delete:\n" + String.join("\n", output));
            assertTrue(output.stream().anyMatch(l -> l.trim().startsWith("audited " + 2 * CI_IMAGES + " intended deletion(s)")),
                    "intents for each CI tag and digest before the first delete:\n" + String.join("\n", output));
            int goneAfterKill = 0;
            for (Digest d : ci) {
                goneAfterKill += client.resolve(repo, d).isPresent() ? 0 : 1;
            }
            assertTrue(goneAfterKill > 0 && goneAfterKill < CI_IMAGES, "killed mid-run: " + goneAfterKill + " of " + CI_IMAGES + " gone");

            // the second run (in this JVM) finishes; the killed run's lock does not stop it
            CliRun second = CliRun.of(Cli::run, args.toArray(String[]::new));
            assertEquals(0, second.exit(), second.err() + second.out());
            for (Digest d : ci) {
                assertFalse(client.resolve(repo, d).isPresent(), d + " is gone after the second run");
            }
            for (int i = 0; i < releases.size(); i++) {
                assertTrue(client.resolve(repo, kept.get(i)).isPresent(), releases.get(i) + " kept");
                assertTrue(client.resolve(repo, ImageTag.parse(releases.get(i))).isPresent(), releases.get(i) + " still tagged");
            }

            // every digest that went was announced before it went; the killed run left intents and no outcome
            List<PruneAudit> audits = KafkaProbe.poll(Topics.PRUNE_AUDIT_NAME, null,
                    r -> Topics.PRUNE_AUDIT.decode(r.value()).image().equals(repo), Integer.MAX_VALUE, Duration.ofSeconds(10))
                    .stream().map(r -> Topics.PRUNE_AUDIT.decode(r.value())).toList();
            Set<String> runs = new HashSet<>();
            audits.forEach(a -> runs.add(a.runId()));
            assertEquals(2, runs.size(), "two runs on the audit log");
            String killedRun = audits.get(0).runId();
            assertTrue(audits.stream().filter(a -> a.runId().equals(killedRun)).allMatch(PruneAudit::intent),
                    "the killed run published its intents only");
            Set<Digest> announced = new HashSet<>();
            audits.stream().filter(a -> a.intent() && a.tag() == null).forEach(a -> announced.add(a.digest()));
            assertTrue(announced.containsAll(ci), "every deleted digest has an intent");
            assertTrue(kept.stream().noneMatch(announced::contains), "nothing kept was ever about to be deleted");
            assertTrue(audits.stream().filter(a -> !a.runId().equals(killedRun) && !a.intent() && a.tag() == null
                    && a.decision() == PruneDecision.DELETED).allMatch(a -> Boolean.FALSE.equals(a.presentAfter())),
                    "the second run verified what it deleted");
        }
    }
}
