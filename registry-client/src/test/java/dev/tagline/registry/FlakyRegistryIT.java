package dev.tagline.registry;

import dev.tagline.schema.value.Digest;
import dev.tagline.schema.value.ImageRepository;
import dev.tagline.schema.value.ImageTag;
import dev.tagline.schema.value.Platform;
import dev.tagline.testkit.FlakyProxy;
import dev.tagline.testkit.FlakyProxy.Fault;
import dev.tagline.testkit.LocalRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real registry behind a load balancer that refuses one request in five (503, nothing done) and loses the answer of
 * one in seven (502 after the registry acted): pushes, tags, mounts and deletes through it all end where they would
 * without it, because every retried operation is idempotent or recognises that its first attempt went through.
 */
class FlakyRegistryIT {
    private static final Platform AMD64 = Platform.parse("linux/amd64");

    @Test
    void pushesTagsMountsAndDeletesThroughAFlakyLoadBalancerEndWhereTheyWouldWithoutIt() throws Exception {
        LocalRegistry registry = LocalRegistry.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (FlakyProxy proxy = FlakyProxy.start(registry.hostPort(),
                n -> n % 5 == 2 ? Fault.REFUSE : n % 7 == 3 ? Fault.LOSE_ANSWER : Fault.NONE);
             RegistryClient flaky = RegistryClient.builder().insecureRegistries(Set.of(proxy.hostPort()))
                     .retry(new RetryPolicy(6, Duration.ofMillis(10), Duration.ofMillis(100))).build();
             RegistryClient direct = RegistryClient.builder().insecureRegistries(Set.of(registry.hostPort())).build()) {
            ImageRepository viaProxy = ImageRepository.of(proxy.hostPort(), "flaky/app-" + run);
            ImageRepository viaProxyOther = ImageRepository.of(proxy.hostPort(), "flaky/other-" + run);
            ImageRepository stored = ImageRepository.of(registry.hostPort(), "flaky/app-" + run);
            ImageRepository storedOther = ImageRepository.of(registry.hostPort(), "flaky/other-" + run);

            List<Manifest> images = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                images.add(TestImages.push(flaky, viaProxy, ImageTag.parse("v1." + i), AMD64, "flaky-" + run + "-" + i, i % 2 == 0));
            }
            // a streamed upload, and a cross-repository mount, of each image's blobs into the other repository
            for (Manifest m : images) {
                for (Digest blob : List.of(m.config().digest(), m.layers().get(0).digest())) {
                    byte[] bytes = direct.getBlob(stored, blob, 1 << 20);
                    if (!flaky.blobExists(viaProxyOther, blob)) {
                        flaky.uploadBlob(viaProxyOther, blob, BlobSource.of(bytes), blob.equals(m.config().digest()) ? null : viaProxy);
                    }
                }
                flaky.putManifest(viaProxyOther, ImageTag.parse("copy"), m.bytes(), m.mediaType());
            }
            assertTrue(proxy.refused() > 0 && proxy.lostAnswers() > 0, proxy.refused() + " refused, " + proxy.lostAnswers() + " lost");

            for (int i = 0; i < images.size(); i++) {
                Manifest m = images.get(i);
                Descriptor d = direct.resolve(stored, ImageTag.parse("v1." + i)).orElseThrow();
                assertEquals(m.digest(), d.digest(), "v1." + i);
                assertArrayEquals(m.bytes(), direct.getManifest(stored, m.digest()).bytes());
                assertTrue(direct.blobExists(stored, m.config().digest()) && direct.blobExists(stored, m.layers().get(0).digest()));
                assertTrue(direct.blobExists(storedOther, m.config().digest()) && direct.blobExists(storedOther, m.layers().get(0).digest()));
            }
            assertEquals(images.get(images.size() - 1).digest(), direct.resolve(storedOther, ImageTag.parse("copy")).orElseThrow().digest());

            // deletes: a delete whose answer was lost is done, and its retry finds it gone
            for (int i = 0; i < 6; i++) {
                Digest d = images.get(i).digest();
                try {
                    flaky.deleteManifest(viaProxy, d);
                } catch (RegistryException e) {
                    assertEquals(ErrorCode.MANIFEST_UNKNOWN, e.code(), "only 'already gone' after a lost answer: " + e.getMessage());
                }
                assertFalse(direct.resolve(stored, d).isPresent(), d + " deleted");
            }
            assertTrue(direct.resolve(stored, images.get(6).digest()).isPresent());
            assertTrue(new String(direct.getManifest(stored, ImageTag.parse("v1.7")).bytes(), StandardCharsets.UTF_8).contains("schemaVersion"));
        }
    }
}
