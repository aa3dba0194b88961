package dev.tagline.pruner.service;

import dev.tagline.pruner.execution.LocalRunLock;
import dev.tagline.pruner.execution.RunLock;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.testkit.KafkaBroker;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** One prune run per image repository across instances: the newer holder fences the older one. */
class KafkaRunLockIT {
    private final String bootstrap = KafkaBroker.shared().bootstrapServers();

    @Test
    void aSecondInstanceFencesTheFirstWhichStopsBeforeItsNextDelete() throws Exception {
        ImageRepository repo = ImageRepository.parse("127.0.0.1:5000/acme/locked");
        RunLock instanceA = new KafkaRunLock(bootstrap, Duration.ofSeconds(30));
        RunLock instanceB = new KafkaRunLock(bootstrap, Duration.ofSeconds(30));
        try (RunLock.Lease a = instanceA.acquire(repo)) {
            a.ensureHeld();
            try (RunLock.Lease b = instanceB.acquire(repo)) {
                assertThrows(RunLock.LockUnavailableException.class, a::ensureHeld);
                b.ensureHeld();
            }
        }
        try (RunLock.Lease again = instanceA.acquire(repo)) {
            again.ensureHeld(); // released locks can be taken again
        }
    }

    @Test
    void otherRepositoriesAreNotAffected() throws Exception {
        RunLock lock = new KafkaRunLock(bootstrap, Duration.ofSeconds(30));
        try (RunLock.Lease one = lock.acquire(ImageRepository.parse("127.0.0.1:5000/acme/one"));
             RunLock.Lease two = lock.acquire(ImageRepository.parse("127.0.0.1:5000/acme/two"))) {
            one.ensureHeld();
            two.ensureHeld();
        }
    }

    @Test
    void inOneProcessASecondRunIsRefused() throws Exception {
        ImageRepository repo = ImageRepository.parse("127.0.0.1:5000/acme/local");
        RunLock lock = new LocalRunLock();
        try (RunLock.Lease held = lock.acquire(repo)) {
            assertThrows(RunLock.LockUnavailableException.class, () -> lock.acquire(repo));
            held.ensureHeld();
        }
        lock.acquire(repo).close();
    }
}
