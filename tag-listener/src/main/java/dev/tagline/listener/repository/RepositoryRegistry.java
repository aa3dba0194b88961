package dev.tagline.listener.repository;

import dev.tagline.listener.webhook.WebhookProvider;
import dev.tagline.schema.value.RepositoryId;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured repositories, by id and by config name. Unknown repositories are refused (404). */
public final class RepositoryRegistry {
    private final Map<RepositoryId, RegisteredRepository> byId = new LinkedHashMap<>();
    private final Map<String, RegisteredRepository> byName = new LinkedHashMap<>();

    public RepositoryRegistry(Collection<RegisteredRepository> repositories) {
        for (RegisteredRepository r : repositories) {
            RegisteredRepository clash = byId.put(r.id(), r);
            if (clash != null) {
                throw new IllegalArgumentException("repositories '" + clash.name() + "' and '" + r.name()
                        + "' have the same id " + r.id());
            }
            byName.put(r.name(), r);
        }
    }

    public Optional<RegisteredRepository> find(RepositoryId id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** By config name or by id. */
    public Optional<RegisteredRepository> find(String nameOrId) {
        RegisteredRepository r = byName.get(nameOrId);
        if (r != null) {
            return Optional.of(r);
        }
        return byId.values().stream().filter(x -> x.id().value().equals(nameOrId)).findFirst();
    }

    public List<RegisteredRepository> all() {
        return List.copyOf(byId.values());
    }

    public static WebhookProvider provider(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("any")) {
            return null;
        }
        return WebhookProvider.byPath(name).orElseThrow(() ->
                new IllegalArgumentException("provider '" + name + "' must be github, gitlab, gitea, generic or any"));
    }
}
