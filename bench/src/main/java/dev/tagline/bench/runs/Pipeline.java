package dev.tagline.bench.runs;

import dev.tagline.bench.infra.Stack;
import dev.tagline.bench.infra.Watch;
import dev.tagline.registry.RegistryClient;
import dev.tagline.schema.event.TagPlan;
import dev.tagline.schema.value.ImageRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Phase B: the whole pipeline (broker, registry, four services) that runs 2, 3 and 5 drive, and run 4's registry. */
public final class Pipeline implements AutoCloseable {
    public final Stack.Broker broker;
    public final Stack.Registry registry;
    public final Map<String, Stack.Service> services;
    public final Watch watch;
    public final GitRepo repo;
    public final String secret;
    public final RegistryClient client;
    public final ImageRepository image;
    /** Run 2's measured plans, in order: run 3 re-tags their images. */
    public final List<TagPlan> latencyPlans = new ArrayList<>();
    /** The plan of the repository's newest commit (run 2's last burst, or a later tag): run 5 changes one file of it. */
    public volatile TagPlan newest;

    public Pipeline(Stack.Broker broker, Stack.Registry registry, Map<String, Stack.Service> services, GitRepo repo, String secret) {
        this.broker = broker;
        this.registry = registry;
        this.services = services;
        this.repo = repo;
        this.secret = secret;
        this.watch = new Watch(broker.bootstrap());
        this.client = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build();
        this.image = ImageRepository.of(registry.hostPort(), LatencyRun.IMAGE_NAME);
    }

    @Override
    public void close() throws Exception {
        watch.close();
        client.close();
        List<Stack.Service> list = new ArrayList<>(services.values());
        for (int i = list.size() - 1; i >= 0; i--) {
            list.get(i).process().close();
        }
        registry.process().close();
        broker.process().close();
        repo.close();
    }
}
