package dev.tagline.builder.service;

import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.config.RetrySettings;
import dev.tagline.builder.config.SandboxConfig;
import dev.tagline.builder.config.SbomSettings;
import dev.tagline.builder.config.SigningSettings;
import dev.tagline.builder.push.PushLocks;
import dev.tagline.builder.signing.KeyFormatException;
import dev.tagline.builder.signing.SigningKeys;
import dev.tagline.builder.registry.Credentials;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.RegistryClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.HashSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The builder's working parts: the registry access, the bounded build pool ({@code tagline.builder.concurrency},
 * shared by every plan in flight), the retry timer, and the {@link PlanRunner} over them. Results are
 * published by {@link PlanConsumer}, in one transaction with the plan's offset.
 */
@Singleton
public class BuildService {
    /** Manifests the builder just pushed or read, answered from memory when a later step reads them again. */
    static final int MANIFEST_CACHE_ENTRIES = 512;
    private final RegistryAccess access;
    private final ExecutorService pool;
    private final ExecutorService tagPool;
    private final ScheduledExecutorService timer;
    private final PlanRunner runner;

    public BuildService(BuilderConfig config, SandboxConfig sandbox, RetrySettings retry, BuilderMetrics metrics, SigningSettings signing,
                        SbomSettings sbom) throws KeyFormatException {
        CredentialStore credentials = Credentials.standard(config.dockerConfig());
        RegistryClient client = RegistryClient.builder()
                .credentials(credentials)
                .insecureRegistries(new HashSet<>(config.insecureRegistries()))
                .manifestCache(MANIFEST_CACHE_ENTRIES)
                .build();
        this.access = new RegistryAccess(client, credentials, new HashSet<>(config.insecureRegistries()));
        this.pool = Executors.newFixedThreadPool(config.concurrency(), DaemonThreads.named("variant-build-"));
        // a tag move waits on a few manifest PUTs: it never holds a build slot (at most one per plan in flight)
        this.tagPool = Executors.newCachedThreadPool(DaemonThreads.named("tag-move-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("plan-retry-"));
        java.nio.file.Path[] secrets = signing.keyFile() == null ? new java.nio.file.Path[0] : new java.nio.file.Path[] {signing.keyFile()};
        VariantBuilder variants = new VariantBuilder(config, VariantBuilder.sandboxFor(config, sandbox, secrets), access, new PushLocks(),
                Clock.systemUTC(), sbom, SigningKeys.load(signing.keyFile(), signing.keyPassword())).onStep(metrics::step);
        this.runner = new PlanRunner(variants::attempt, variants::moveFloatingTags, metrics, retry, pool, tagPool, timer,
                Clock.systemUTC());
        metrics.watch(runner);
    }

    public PlanRunner runner() {
        return runner;
    }

    /** After the plan consumer stopped (it depends on this bean): nothing in flight is published any more. */
    @PreDestroy
    void close() throws InterruptedException {
        timer.shutdownNow();
        pool.shutdownNow();
        tagPool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        tagPool.awaitTermination(5, TimeUnit.SECONDS);
        access.close();
    }
}
