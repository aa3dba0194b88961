package dev.tagline.pruner.execution;

import dev.tagline.schema.value.ImageRepository;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A per-JVM lock: a second run on the same repository in this process is refused, not queued. */
public final class LocalRunLock implements RunLock {
    private static final Map<ImageRepository, String> HELD = new ConcurrentHashMap<>();

    @Override
    public Lease acquire(ImageRepository repository) throws LockUnavailableException {
        String owner = Thread.currentThread().getName() + "-" + System.nanoTime();
        String existing = HELD.putIfAbsent(repository, owner);
        if (existing != null) {
            throw new LockUnavailableException("another prune run on " + repository + " is in progress in this process");
        }
        return new Lease() {
            @Override
            public void ensureHeld() throws LockUnavailableException {
                if (!owner.equals(HELD.get(repository))) {
                    throw new LockUnavailableException("lost the prune lock on " + repository);
                }
            }

            @Override
            public void close() {
                HELD.remove(repository, owner);
            }
        };
    }

    /** Both locks must be held: this JVM's and, for example, the Kafka one. */
    public static RunLock both(RunLock first, RunLock second) {
        return repository -> {
            Lease a = first.acquire(repository);
            Lease b;
            try {
                b = second.acquire(repository);
            } catch (LockUnavailableException e) {
                a.close();
                throw e;
            }
            return new Lease() {
                @Override
                public void ensureHeld() throws LockUnavailableException {
                    a.ensureHeld();
                    b.ensureHeld();
                }

                @Override
                public <T> T whileHeld(Action<T> action) throws Exception {
                    return a.whileHeld(() -> b.whileHeld(action));
                }

                @Override
                public void close() {
                    b.close();
                    a.close();
                }
            };
        };
    }
}
