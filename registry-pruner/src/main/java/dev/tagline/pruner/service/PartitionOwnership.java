package dev.tagline.pruner.service;

import dev.tagline.pruner.execution.RunLock;
import dev.tagline.schema.value.ImageRepository;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Which repositories this instance prunes: exactly those whose {@code image.build-results} partition
 * its consumer owns, so each repository is pruned by one instance at a time and with the complete push
 * history of that partition (a newly assigned partition is read to its end first). The partition of a
 * repository is the producer's default partitioner on its key, the source repository id, as on every
 * topic.
 *
 * <p>As a {@link RunLock}: a run holds a lease on its partition; every delete runs under that lease's
 * read lock, and a revocation takes the write lock, so {@link #revoked} returns only once no delete is
 * in flight, and every later delete of that run is refused (the run stops at once). The new owner gets
 * the partition only after the revocation callback returned (cooperative rebalancing).
 */
public final class PartitionOwnership implements RunLock {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionOwnership.class);

    private final Function<ImageRepository, Optional<String>> keyOf;
    private final Duration drainTimeout;
    private final Map<Integer, Owned> owned = new ConcurrentHashMap<>();
    private volatile int partitions = -1;

    private static final class Owned {
        final ReentrantReadWriteLock deletes = new ReentrantReadWriteLock(true);
        volatile boolean revoked;
    }

    /**
     * @param keyOf        the partition key (source repository id) of an image repository; empty when
     *                     unknown (tagline never pushed to it: no instance prunes it)
     * @param drainTimeout how long a revocation waits for the deletes in flight
     */
    public PartitionOwnership(Function<ImageRepository, Optional<String>> keyOf, Duration drainTimeout) {
        this.keyOf = keyOf;
        this.drainTimeout = drainTimeout;
    }

    /** The producer's default partitioner for a keyed record (murmur2 of the key bytes). */
    public static int partitionFor(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The partition of an image repository's source, when known and the partition count is known. */
    public Optional<Integer> partitionOf(ImageRepository image) {
        int n = partitions;
        if (n <= 0) {
            return Optional.empty();
        }
        return keyOf.apply(image).map(k -> partitionFor(k, n));
    }

    public boolean owns(ImageRepository image) {
        return partitionOf(image).map(p -> {
            Owned o = owned.get(p);
            return o != null && !o.revoked;
        }).orElse(false);
    }

    public Set<Integer> owned() {
        return new TreeSet<>(owned.keySet());
    }

    /** Partitions now owned (after their history was read to the end). */
    public void assigned(Collection<Integer> parts, int partitionCount) {
        partitions = partitionCount;
        parts.forEach(p -> owned.putIfAbsent(p, new Owned()));
        LOG.info("owning image.build-results partitions {} of {}", owned(), partitionCount);
    }

    /** Partitions taken away: waits (bounded) until no delete of theirs is in flight; later deletes are refused. */
    public void revoked(Collection<Integer> parts) {
        for (int p : parts) {
            Owned o = owned.remove(p);
            if (o == null) {
                continue;
            }
            o.revoked = true;
            try {
                if (o.deletes.writeLock().tryLock(drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    o.deletes.writeLock().unlock();
                } else {
                    LOG.warn("partition {} revoked while a delete was still in flight after {}", p, drainTimeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LOG.info("revoked image.build-results partitions {}; owning {}", parts, owned());
    }

    @Override
    public Lease acquire(ImageRepository repository) throws LockUnavailableException {
        Optional<Integer> partition = partitionOf(repository);
        if (partition.isEmpty()) {
            throw new LockUnavailableException(repository + ": no owner known (tagline has not pushed to it, or no partition is assigned yet)");
        }
        int p = partition.get();
        Owned o = owned.get(p);
        if (o == null || o.revoked) {
            throw new LockUnavailableException(repository + " belongs to image.build-results partition " + p + ", which another instance owns");
        }
        return new Lease() {
            @Override
            public void ensureHeld() throws LockUnavailableException {
                if (o.revoked) {
                    throw new LockUnavailableException("partition " + p + " of image.build-results was revoked: the run on " + repository + " stops");
                }
            }

            @Override
            public <T> T whileHeld(Action<T> action) throws Exception {
                o.deletes.readLock().lock();
                try {
                    ensureHeld();
                    return action.run();
                } finally {
                    o.deletes.readLock().unlock();
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
