package dev.tagline.planner.service;

import dev.tagline.planner.policy.InvalidPolicyException;
import dev.tagline.planner.policy.PolicyParser;
import dev.tagline.planner.policy.ReleasePolicy;
import dev.tagline.schema.value.RepositoryId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The release policies of every repository, read from the configured directory. All are validated
 * at start (a bad file stops the service with the file, line and rule); later the directory is
 * re-read when it changes, and a bad edit keeps the last good set (the error is logged and counted).
 * A directory that does not exist yet means no policies (logged), until it appears.
 */
@Singleton
public class PolicyStore implements PolicyLookup {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    private final Path dir;
    private final MeterRegistry meters;
    private volatile Map<RepositoryId, ReleasePolicy> policies;
    private volatile String fingerprint;

    public PolicyStore(PlannerConfig config, MeterRegistry meters) {
        this.dir = Path.of(config.policyDir());
        this.meters = meters;
        this.fingerprint = fingerprint();
        if (Files.isDirectory(dir)) {
            this.policies = load();
        } else {
            LOG.warn("policy directory {} does not exist (set tagline.planner.policy-dir / TAGLINE_POLICY_DIR): no repository has a policy "
                    + "until it appears; their events are dead-lettered", dir.toAbsolutePath());
            this.policies = Map.of();
        }
        meters.gauge("tagline.planner.policies", this, s -> s.policies.size());
        LOG.info("loaded {} release policies from {}", policies.size(), dir.toAbsolutePath());
    }

    @Override
    public Optional<ReleasePolicy> forRepository(RepositoryId repository) {
        return Optional.ofNullable(policies.get(repository));
    }

    public Map<RepositoryId, ReleasePolicy> all() {
        return policies;
    }

    @Override
    public String directory() {
        return dir.toString();
    }

    /** Re-reads the directory if any policy file changed; a bad file keeps the previous policies. */
    @Scheduled(fixedDelay = "${tagline.planner.policy-reload-interval:10s}", initialDelay = "${tagline.planner.policy-reload-interval:10s}")
    public void reloadIfChanged() {
        String now = fingerprint();
        if (now.equals(fingerprint)) {
            return;
        }
        reload();
    }

    /** @return true when the new set was taken */
    public synchronized boolean reload() {
        String now = fingerprint();
        if (!Files.isDirectory(dir)) {
            fingerprint = now;
            LOG.error("policy directory {} disappeared, keeping the previous policies", dir.toAbsolutePath());
            return false;
        }
        try {
            Map<RepositoryId, ReleasePolicy> loaded = load();
            policies = loaded;
            fingerprint = now;
            meters.counter("tagline.planner.policy.reloads", "result", "ok").increment();
            LOG.info("reloaded {} release policies from {}", loaded.size(), dir);
            return true;
        } catch (InvalidPolicyException e) {
            fingerprint = now;
            meters.counter("tagline.planner.policy.reloads", "result", "invalid").increment();
            LOG.error("policy reload rejected, keeping the previous policies: {}", e.getMessage());
            return false;
        }
    }

    private Map<RepositoryId, ReleasePolicy> load() {
        if (!Files.isDirectory(dir)) {
            throw new InvalidPolicyException(dir.toString(), 0, null, "the policy directory does not exist (set tagline.planner.policy-dir)");
        }
        Map<RepositoryId, ReleasePolicy> out = new HashMap<>();
        for (Path file : files()) {
            ReleasePolicy p = PolicyParser.parse(file);
            ReleasePolicy other = out.put(p.repository(), p);
            if (other != null) {
                throw new InvalidPolicyException(file.getFileName().toString(), 1, "repository",
                        p.repository() + " already has a policy in " + other.source());
            }
        }
        return Map.copyOf(out);
    }

    private List<Path> files() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new InvalidPolicyException(dir.toString(), 0, null, "cannot list the policy directory: " + e.getMessage());
        }
    }

    private String fingerprint() {
        if (!Files.isDirectory(dir)) {
            return "missing";
        }
        StringBuilder sb = new StringBuilder();
        for (Path p : files()) {
            try {
                sb.append(p.getFileName()).append(':').append(PolicyParser.digest(Files.readString(p))).append(';');
            } catch (IOException e) {
                sb.append(p.getFileName()).append(":unreadable;");
            }
        }
        return sb.toString();
    }
}
