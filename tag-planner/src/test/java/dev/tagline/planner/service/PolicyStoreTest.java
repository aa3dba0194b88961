package dev.tagline.planner.service;

import dev.tagline.policy.InvalidPolicyException;
import dev.tagline.policy.release.ReleasePolicy;
import dev.tagline.schema.value.RepositoryId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyStoreTest {
    private static final String SHOP = "repository: github.com/acme/shop\nimages: [registry.acme.dev/acme/shop]\ntags:\n  - type=sha\n";
    private static final RepositoryId SHOP_ID = RepositoryId.of("github.com/acme/shop");

    private static PolicyStore store(Path dir) {
        return new PolicyStore(new PlannerConfig(dir.toString(), Duration.ofSeconds(1), "tag-planner", null, null, "in-memory", Duration.ofMillis(50), Duration.ofMillis(100), 0, 1, Duration.ofDays(30)), new SimpleMeterRegistry());
    }

    /** A store of {@code dir} holding {@link #SHOP} as shop.yml. */
    private static PolicyStore storeWithShop(Path dir) throws Exception {
        Files.writeString(dir.resolve("shop.yml"), SHOP);
        return store(dir);
    }

    private static ReleasePolicy shop(PolicyStore store) {
        return store.forRepository(SHOP_ID).orElseThrow();
    }

    @Test
    void loadsEveryPolicyOfTheDirectoryByRepository(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("shop.yml"), SHOP);
        Files.writeString(dir.resolve("api.yaml"), "repository: github.com/acme/api\nimages: [registry.acme.dev/acme/api]\n");
        Files.writeString(dir.resolve("notes.txt"), "not a policy");
        PolicyStore store = store(dir);
        assertEquals(2, store.all().size());
        assertTrue(store.forRepository(SHOP_ID).isPresent());
        assertFalse(store.forRepository(RepositoryId.of("github.com/acme/other")).isPresent());
    }

    @Test
    void aBadPolicyStopsTheStartNamingFileLineAndRule(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("shop.yml"), SHOP + "  - type=semver\n");
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> store(dir));
        assertEquals("shop.yml:5: tag rule 'type=semver': missing pattern attribute", e.getMessage());
    }

    @Test
    void twoPoliciesForOneRepositoryAreRejected(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yml"), SHOP);
        Files.writeString(dir.resolve("b.yml"), SHOP);
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> store(dir));
        assertTrue(e.getMessage().contains("already has a policy in a.yml"), e.getMessage());
    }

    @Test
    void reloadTakesAChangedPolicyWithoutRestart(@TempDir Path dir) throws Exception {
        PolicyStore store = storeWithShop(dir);
        String before = shop(store).digest();
        Files.writeString(dir.resolve("shop.yml"), SHOP + "  - type=semver,pattern={{version}}\n");
        store.reloadIfChanged();
        assertNotEquals(before, shop(store).digest());
        assertEquals(2, shop(store).tags().size());
    }

    @Test
    void aBadEditKeepsTheLastGoodPolicies(@TempDir Path dir) throws Exception {
        PolicyStore store = storeWithShop(dir);
        String before = shop(store).digest();
        Files.writeString(dir.resolve("shop.yml"), SHOP + "  - type=nope\n");
        assertFalse(store.reload());
        assertEquals(before, shop(store).digest());
    }

    @Test
    void aMissingDirectoryMeansNoPoliciesUntilItAppears(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("policies");
        PolicyStore store = store(missing);
        assertTrue(store.all().isEmpty());
        Files.createDirectories(missing);
        Files.writeString(missing.resolve("shop.yml"), SHOP);
        store.reloadIfChanged();
        assertTrue(store.forRepository(SHOP_ID).isPresent());
    }
}
