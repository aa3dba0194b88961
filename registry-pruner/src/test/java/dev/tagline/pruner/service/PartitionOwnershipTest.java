package dev.tagline.pruner.service;

import dev.tagline.pruner.execution.RunLock;
import dev.tagline.schema.value.ImageRepository;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionOwnershipTest {
    private static final ImageRepository SHOP = ImageRepository.of("127.0.0.1:5000", "acme/shop");
    private static final ImageRepository FOREIGN = ImageRepository.of("127.0.0.1:5000", "acme/foreign");
    private static final String SOURCE = "github.com/acme/shop";

    private static PartitionOwnership ownership() {
        Map<ImageRepository, String> sources = Map.of(SHOP, SOURCE);
        return new PartitionOwnership(i -> Optional.ofNullable(sources.get(i)), Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"github.com/acme/shop", "gitlab.com/a/b", "x", "github.com/acme/payments-service"})
    void theRepositorysPartitionIsTheProducersDefaultPartition(String key) {
        for (int n : new int[]{1, 3, 6, 12}) {
            assertEquals(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), n), PartitionOwnership.partitionFor(key, n));
        }
    }

    @Test
    void onlyTheOwnerOfTheRepositorysPartitionMayPruneIt() throws Exception {
        PartitionOwnership o = ownership();
        int p = PartitionOwnership.partitionFor(SOURCE, 6);
        assertThrows(RunLock.LockUnavailableException.class, () -> o.acquire(SHOP), "nothing assigned yet");
        o.assigned(List.of((p + 1) % 6), 6);
        assertFalse(o.owns(SHOP));
        assertThrows(RunLock.LockUnavailableException.class, () -> o.acquire(SHOP));
        o.assigned(List.of(p), 6);
        assertTrue(o.owns(SHOP));
        o.acquire(SHOP).ensureHeld();
        assertFalse(o.owns(FOREIGN), "tagline never pushed to it: no instance prunes it");
        assertThrows(RunLock.LockUnavailableException.class, () -> o.acquire(FOREIGN));
    }

    @Test
    void revocationWaitsForTheDeleteInFlightAndStopsTheRun() throws Exception {
        PartitionOwnership o = ownership();
        int p = PartitionOwnership.partitionFor(SOURCE, 6);
        o.assigned(List.of(p), 6);
        RunLock.Lease lease = o.acquire(SHOP);
        CountDownLatch deleting = new CountDownLatch(1);
        CountDownLatch finishDelete = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> delete = pool.submit(() -> lease.whileHeld(() -> {
                deleting.countDown();
                return finishDelete.await(10, TimeUnit.SECONDS);
            }));
            assertTrue(deleting.await(10, TimeUnit.SECONDS));
            Future<?> revocation = pool.submit(() -> o.revoked(List.of(p)));
            assertThrows(TimeoutException.class, () -> revocation.get(300, TimeUnit.MILLISECONDS), "returns only after the delete in flight");
            finishDelete.countDown();
            revocation.get(10, TimeUnit.SECONDS);
            delete.get(10, TimeUnit.SECONDS);
            assertThrows(RunLock.LockUnavailableException.class, lease::ensureHeld);
            assertThrows(RunLock.LockUnavailableException.class, () -> lease.whileHeld(() -> "a later delete"));
            assertFalse(o.owns(SHOP));
        } finally {
            pool.shutdownNow();
        }
    }
}
