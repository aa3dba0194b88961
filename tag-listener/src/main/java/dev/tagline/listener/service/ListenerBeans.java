package dev.tagline.listener.service;

import dev.tagline.listener.config.ListenerConfig;
import dev.tagline.listener.config.RepositoryConfig;
import dev.tagline.listener.git.GitRemotes;
import dev.tagline.listener.repository.RegisteredRepository;
import dev.tagline.listener.repository.RepositoryRegistry;
import dev.tagline.schema.value.RepositoryId;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

/** The repository registry (from {@code tagline.repositories.*}) and the JGit edge. */
@Factory
public class ListenerBeans {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerBeans.class);

    @Singleton
    RepositoryRegistry repositoryRegistry(List<RepositoryConfig> configs) {
        List<RegisteredRepository> repos = configs.stream().map(ListenerBeans::resolve).toList();
        RepositoryRegistry registry = new RepositoryRegistry(repos);
        for (RegisteredRepository r : registry.all()) {
            LOG.info("repository {}", r);
            if (r.webhookSecret().isEmpty()) {
                LOG.warn("repository {} has no webhook secret: its webhooks are accepted unsigned", r.id());
            }
        }
        return registry;
    }

    static RegisteredRepository resolve(RepositoryConfig c) {
        if (c.cloneUrl() == null || c.cloneUrl().isBlank()) {
            throw new IllegalArgumentException("tagline.repositories." + c.name() + ".clone-url is required");
        }
        RepositoryId id = c.id() == null || c.id().isBlank() ? RepositoryId.fromCloneUrl(c.cloneUrl()) : RepositoryId.of(c.id());
        return new RegisteredRepository(c.name(), id, c.cloneUrl(), RepositoryRegistry.provider(c.provider()),
                c.secret(), c.pollInterval(), c.reconcileInterval(), c.branches());
    }

    @Singleton
    GitRemotes gitRemotes(ListenerConfig config) {
        return new GitRemotes(Path.of(config.cacheDir()), 30);
    }
}
