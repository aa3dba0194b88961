package dev.tagline.builder.support;

import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.registry.RegistryAccess;
import dev.tagline.builder.service.VariantBuilder;
import dev.tagline.registry.CredentialStore;
import dev.tagline.registry.Descriptor;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.BuildResult;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.event.VariantPlan;
import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.testkit.GitRepos;
import dev.tagline.testkit.LocalRegistry;
import dev.tagline.testkit.TestRepo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the ITs that build images in-process share: the shared local registry ({@link #host}), an anonymous client
 * for it over plain HTTP, an empty Git repository to commit the sources into (in the subclass's {@code @BeforeAll},
 * which runs after this class's), and builders that push there. Closed after the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LocalRegistryBuilds {
    protected final LocalRegistry registry = LocalRegistry.shared();
    protected final String host = registry.hostPort();
    protected final RegistryClient client = RegistryClient.builder().insecureRegistries(Set.of(host)).build();
    protected TestRepo repo;

    @TempDir
    protected Path tmp;

    @BeforeAll
    void createSourceRepository() throws IOException {
        repo = GitRepos.create(Files.createTempDirectory(getClass().getSimpleName() + "-repo"));
    }

    @AfterAll
    void closeClientAndRepository() {
        client.close();
        repo.close();
    }

    /** {@code host/name}: a repository of the local registry. */
    protected ImageRepository image(String name) {
        return ImageRepository.parse(host + "/" + name);
    }

    /** The digest {@code name:tag} resolves to, if the tag exists. */
    protected Optional<Digest> digestOf(String name, String tag) throws Exception {
        return client.resolve(image(name), ImageTag.parse(tag)).map(Descriptor::digest);
    }

    /** The service's settings with {@code cache} and the local registry as the one insecure registry. */
    protected BuilderConfig config(Path cache) {
        return BuilderConfig.of(cache, Set.of(host));
    }

    /** The service's registry access through {@link #client}, anonymous. */
    protected RegistryAccess access() {
        return new RegistryAccess(client, CredentialStore.anonymous(), Set.of(host));
    }

    protected VariantBuilder builder(Path cache) {
        return new VariantBuilder(config(cache), access(), Clock.systemUTC());
    }

    /** What the CLI does for a one-variant plan: build the variant, then move the plan's floating tags. */
    protected static BuildResult buildAndFinish(VariantBuilder builder, TagPlan plan, VariantPlan variant) throws InterruptedException {
        return builder.finish(plan, List.of(builder.build(plan, variant))).get(0);
    }

    protected static BuildResult buildAndFinish(VariantBuilder builder, TagPlan plan) throws InterruptedException {
        return buildAndFinish(builder, plan, plan.variants().get(0));
    }
}
