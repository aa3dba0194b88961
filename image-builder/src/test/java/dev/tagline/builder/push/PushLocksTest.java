package dev.tagline.builder.push;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PushLocksTest {
    private static final ImageRepository APP = ImageRepository.parse("127.0.0.1:5000/acme/app");
    private static final ImageRepository OTHER = ImageRepository.parse("127.0.0.1:5000/acme/other");
    private static final Digest LAYER = Digest.of("shared layer");
    private static final Digest CONFIG_A = Digest.of("config a");
    private static final Digest CONFIG_B = Digest.of("config b");

    private final PushLocks locks = new PushLocks();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Takes the blobs on another thread and holds them until {@code release}; the future ends once they are taken. */
    private Future<?> takeOnOtherThread(ImageRepository repo, List<Digest> blobs, CountDownLatch taken) {
        return pool.submit(() -> {
            try (PushLocks.Permit ignored = locks.blobs(repo, blobs)) {
                taken.countDown();
            }
            return null;
        });
    }

    @Test
    void aSecondPushOfABlobIntoTheSameRepositoryWaitsForTheFirst() throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        try (PushLocks.Permit first = locks.blobs(APP, List.of(LAYER, CONFIG_A))) {
            takeOnOtherThread(APP, List.of(CONFIG_B, LAYER), taken);
            assertFalse(taken.await(200, TimeUnit.MILLISECONDS), "the shared layer is held by the first push");
        }
        assertTrue(taken.await(10, TimeUnit.SECONDS), "released: the second push goes on");
    }

    @Test
    void otherBlobsAndOtherRepositoriesDoNotWait() throws Exception {
        try (PushLocks.Permit first = locks.blobs(APP, List.of(LAYER, CONFIG_A))) {
            CountDownLatch otherBlob = new CountDownLatch(1);
            takeOnOtherThread(APP, List.of(CONFIG_B), otherBlob);
            assertTrue(otherBlob.await(10, TimeUnit.SECONDS));
            CountDownLatch otherRepo = new CountDownLatch(1);
            takeOnOtherThread(OTHER, List.of(LAYER), otherRepo);
            assertTrue(otherRepo.await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aPushThatTakesTheRepositoryExcludesBlobPushesIntoIt() throws Exception {
        CountDownLatch taken = new CountDownLatch(1);
        try (PushLocks.Permit whole = locks.repository(APP, true)) {
            takeOnOtherThread(APP, List.of(CONFIG_B), taken);
            assertFalse(taken.await(200, TimeUnit.MILLISECONDS));
        }
        assertTrue(taken.await(10, TimeUnit.SECONDS));
    }
}
