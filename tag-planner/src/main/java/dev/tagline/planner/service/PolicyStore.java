package dev.tagline.planner.service;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.PolicyDirectory;
import dev.tagline.policy.PolicyFile;
import dev.tagline.policy.PolicySet;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.value.RepositoryId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The release policies of every repository, read from the configured directory by the policy module's
 * {@link PolicyDirectory} (the loader every service shares): all are validated at start (a bad file stops
 * the service with the file, line and section); later the directory is re-read when it changes, and a bad
 * edit keeps the last good set (the error is logged and counted). A directory that does not exist yet
 * means no policies (logged), until it appears. Files without {@code repository} (registry-pruner's
 * retention-only files) are not release policies: the planner leaves them to the pruner.
 */
@Singleton
public class PolicyStore implements PolicyLookup {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    private final PolicyDirectory directory;

    public PolicyStore(PlannerConfig config, MeterRegistry meters) {
        Path dir = Path.of(config.policyDir());
        this.directory = new PolicyDirectory(dir, new PolicyDirectory.Listener() {
            @Override
            public void loaded(PolicySet set, boolean initial) {
                if (!initial) {
                    meters.counter("tagline.planner.policy.reloads", "result", "ok").increment();
                }
                for (PolicyFile f : set.files()) {
                    if (f.release().isEmpty()) {
                        LOG.info("{} names no repository: not a release policy, left to registry-pruner", f.source());
                    }
                }
                LOG.info("{} {} release policies from {}", initial ? "loaded" : "reloaded", set.byRepository().size(), dir.toAbsolutePath());
            }

            @Override
            public void rejected(InvalidPolicyException problem) {
                meters.counter("tagline.planner.policy.reloads", "result", "invalid").increment();
                LOG.error("policy reload rejected, keeping the previous policies: {}", problem.getMessage());
            }

            @Override
            public void missing(Path d) {
                LOG.warn("policy directory {} does not exist (set tagline.planner.policy-dir / TAGLINE_PLANNER_POLICY_DIR): the policies in force "
                        + "stay until it appears; events of repositories without a policy are dead-lettered", d.toAbsolutePath());
            }
        });
        directory.start();
        meters.gauge("tagline.planner.policies", this, s -> s.all().size());
    }

    @Override
    public Optional<ReleasePolicy> forRepository(RepositoryId repository) {
        return Optional.ofNullable(all().get(repository));
    }

    public Map<RepositoryId, ReleasePolicy> all() {
        return directory.current().byRepository();
    }

    @Override
    public String directory() {
        return directory.path().toString();
    }

    /** Re-reads the directory if any policy file changed; a bad file keeps the previous policies. */
    @Scheduled(fixedDelay = "${tagline.planner.policy-reload-interval:10s}", initialDelay = "${tagline.planner.policy-reload-interval:10s}")
    public void reloadIfChanged() {
        directory.reloadIfChanged();
    }

    /** @return true when the new set was taken */
    public boolean reload() {
        return directory.reload();
    }
}
