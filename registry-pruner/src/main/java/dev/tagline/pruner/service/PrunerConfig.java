package dev.tagline.pruner.service;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;

/**
 * The service's settings ({@code tagline.pruner.*}).
 *
 * @param apply              act on the registry; false (the default) = dry run: decide and audit only
 * @param policyDir          directory of policy files (YAML/JSON): each names its {@code images} and has a
 *                           {@code retention} section or an {@code ecrLifecyclePolicy}
 * @param debounce           after a build result, wait this long for more before pruning that repository
 * @param schedule           prune every policy's images this often; 0 disables
 * @param insecureRegistries registries reached over plain HTTP (host:port)
 * @param inventory          deployment inventory: a file or an HTTP(S) URL listing running digests
 * @param historyTimeout     how long rebuilding the push history from the topic may take at start
 * @param recheck            before deleting, re-resolve {@code all} tags (default; other tools may write tags) or
 *                           only those {@code moved}: new since the snapshot or written by tagline since it
 * @param untagByDummy       on registries without tag delete, untag a shared-digest candidate tag by moving it
 *                           onto a throwaway manifest and deleting that (opt-in)
 */
@ConfigurationProperties("tagline.pruner")
public record PrunerConfig(
        @Bindable(defaultValue = "false") boolean apply,
        @Nullable String policyDir,
        @Bindable(defaultValue = "30s") Duration debounce,
        @Bindable(defaultValue = "6h") Duration schedule,
        @Nullable List<String> insecureRegistries,
        @Nullable String inventory,
        @Bindable(defaultValue = "60s") Duration historyTimeout,
        @Bindable(defaultValue = "all") String recheck,
        @Bindable(defaultValue = "false") boolean untagByDummy) {

    public dev.tagline.pruner.execution.PruneExecutor.Recheck recheckMode() {
        return "moved".equalsIgnoreCase(recheck) ? dev.tagline.pruner.execution.PruneExecutor.Recheck.MOVED
                : dev.tagline.pruner.execution.PruneExecutor.Recheck.ALL;
    }


    public List<String> insecure() {
        return insecureRegistries == null ? List.of() : insecureRegistries;
    }
}
