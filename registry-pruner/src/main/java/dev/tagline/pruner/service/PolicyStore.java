package dev.tagline.pruner.service;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.PolicyDirectory;
import dev.tagline.policy.PolicyFile;
import dev.tagline.policy.PolicySet;
import dev.tagline.policy.retention.EcrLifecyclePolicy;
import dev.tagline.policy.retention.RetentionPolicy;
import dev.tagline.schema.value.ImageRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The retention policies of the image repositories, loaded from {@code tagline.pruner.policy-dir} by the policy
 * module's {@link PolicyDirectory} (the loader every service shares): every {@code *.yaml|*.yml|*.json}
 * file that lists its {@code images} and carries a {@code retention} section or an
 * {@code ecrLifecyclePolicy} (the tag-planner's release policy files work as they are). A bad file stops
 * the start with its name, line and section; later the directory is re-read when it changes
 * ({@code tagline.pruner.policy-reload-interval}, default 10s) and a bad edit keeps the last good policies.
 */
@Singleton
public class PolicyStore {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    /** One image repository's policy: tagline's or ECR's, never both (ECR's wins when a file has both). */
    public record Entry(String file, RetentionPolicy retention, EcrLifecyclePolicy ecr) {
        static Entry of(PolicyFile f) {
            return f.ecrLifecyclePolicy().isPresent()
                    ? new Entry(f.source(), null, f.ecrLifecyclePolicy().get())
                    : new Entry(f.source(), f.retention().orElseThrow(), null);
        }
    }

    private final PolicyDirectory directory;

    public PolicyStore(PrunerConfig config) {
        this(config, null);
    }

    @Inject
    public PolicyStore(PrunerConfig config, @Nullable MeterRegistry meters) {
        if (config.policyDir() == null || config.policyDir().isBlank()) {
            directory = null;
            LOG.warn("tagline.pruner.policy-dir (TAGLINE_PRUNER_POLICY_DIR) is not set: no image has a retention policy");
            return;
        }
        Path dir = Path.of(config.policyDir());
        directory = new PolicyDirectory(dir, new PolicyDirectory.Listener() {
            @Override
            public void loaded(PolicySet set, boolean initial) {
                if (!initial && meters != null) {
                    meters.counter("tagline.pruner.policy.reloads", "result", "ok").increment();
                }
                LOG.info("{} retention policies of {} images from {}", initial ? "loaded" : "reloaded", set.byImage().size(), dir.toAbsolutePath());
            }

            @Override
            public void rejected(InvalidPolicyException problem) {
                if (meters != null) {
                    meters.counter("tagline.pruner.policy.reloads", "result", "invalid").increment();
                }
                LOG.error("policy reload rejected, keeping the previous policies: {}", problem.getMessage());
            }

            @Override
            public void missing(Path d) {
                LOG.warn("policy directory {} does not exist (tagline.pruner.policy-dir): the policies in force stay until it appears", d.toAbsolutePath());
            }
        });
        directory.start();
    }

    /** Re-reads the directory if any policy file changed; a bad file keeps the previous policies. */
    @Scheduled(fixedDelay = "${tagline.pruner.policy-reload-interval:10s}", initialDelay = "${tagline.pruner.policy-reload-interval:10s}")
    public void reloadIfChanged() {
        if (directory != null) {
            directory.reloadIfChanged();
        }
    }

    /** @return true when the new set was taken */
    public boolean reload() {
        return directory != null && directory.reload();
    }

    public Optional<Entry> policyFor(ImageRepository image) {
        return Optional.ofNullable(set().byImage().get(image)).map(Entry::of);
    }

    public List<ImageRepository> images() {
        return List.copyOf(set().byImage().keySet());
    }

    private PolicySet set() {
        return directory == null ? PolicySet.EMPTY : directory.current();
    }
}
