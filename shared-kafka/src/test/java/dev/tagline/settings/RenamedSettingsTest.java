package dev.tagline.settings;

import dev.tagline.settings.RenamedSettings.Rename;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenamedSettingsTest {
    private final List<String> warnings = new ArrayList<>();
    private final RenamedSettings renames = new RenamedSettings(List.of(
            Rename.prefix("pruner.", "tagline.pruner."),
            Rename.env("TAGLINE_LISTENER_CACHE", "tagline.listener.cache-dir")), warnings::add);

    @Test
    void oldEnvironmentVariableIsReadUnderItsNewKeyWithAWarningNamingIt() {
        PropertySource[] sources = renames.propertySources(started(Map.of()),
                Map.of("PRUNER_APPLY", "true", "PRUNER_POLICY_DIR", "/etc/policies", "PATH", "/bin"));

        try (ApplicationContext service = service(sources, Map.of())) {
            assertEquals(Boolean.TRUE, service.getProperty("tagline.pruner.apply", Boolean.class).orElseThrow());
            assertEquals("/etc/policies", service.getProperty("tagline.pruner.policy-dir", String.class).orElseThrow());
        }
        assertEquals(List.of(
                "environment variable PRUNER_APPLY is deprecated and will not be read after the next release: use TAGLINE_PRUNER_APPLY",
                "environment variable PRUNER_POLICY_DIR is deprecated and will not be read after the next release: use TAGLINE_PRUNER_POLICY_DIR"),
                warnings);
    }

    @Test
    void newEnvironmentVariableWinsOverTheOldOne() {
        PropertySource[] sources = renames.propertySources(started(Map.of()),
                Map.of("PRUNER_APPLY", "true", "TAGLINE_PRUNER_APPLY", "false"));

        assertEquals(0, sources.length, "nothing to map: the new name is set");
        assertEquals(1, warnings.size(), "the old one is still reported");
    }

    @Test
    void oldKeyFromAnyOtherSourceIsReadUnderItsNewKeyAboveTheBuiltInDefault() {
        PropertySource[] sources = renames.propertySources(started(Map.of("pruner.debounce", "1s")), Map.of());

        PropertySource applicationYml = PropertySource.of("application", Map.of("tagline.pruner.debounce", "30s"), -300);
        try (ApplicationContext service = ApplicationContext.builder().propertySources(applicationYml).propertySources(sources).start()) {
            assertEquals(Duration.ofSeconds(1), service.getProperty("tagline.pruner.debounce", Duration.class).orElseThrow());
        }
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("pruner.debounce ("), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("use tagline.pruner.debounce (TAGLINE_PRUNER_DEBOUNCE)"), warnings.get(0));
    }

    @Test
    void newKeySetByTheUserWinsOverTheOldOne() {
        PropertySource[] sources = renames.propertySources(started(Map.of("pruner.debounce", "1s")), Map.of());

        try (ApplicationContext service = service(sources, Map.of("tagline.pruner.debounce", "5s"))) {
            assertEquals(Duration.ofSeconds(5), service.getProperty("tagline.pruner.debounce", Duration.class).orElseThrow());
        }
    }

    @Test
    void renamedEnvironmentVariableIsReadUnderItsKeyUnlessTheDerivedNameIsSet() {
        PropertySource[] old = renames.propertySources(started(Map.of()), Map.of("TAGLINE_LISTENER_CACHE", "/var/cache/a"));
        try (ApplicationContext service = service(old, Map.of())) {
            assertEquals("/var/cache/a", service.getProperty("tagline.listener.cache-dir", String.class).orElseThrow());
        }
        assertEquals(List.of("environment variable TAGLINE_LISTENER_CACHE is deprecated and will not be read after the next release: "
                + "use TAGLINE_LISTENER_CACHE_DIR (tagline.listener.cache-dir)"), warnings);

        assertEquals(0, renames.propertySources(started(Map.of()),
                Map.of("TAGLINE_LISTENER_CACHE", "/var/cache/a", "TAGLINE_LISTENER_CACHE_DIR", "/var/cache/b")).length);
    }

    @Test
    void nothingSetNothingWarned() {
        assertEquals(0, renames.propertySources(started(Map.of("tagline.pruner.apply", "true")), Map.of("HOME", "/root")).length);
        assertEquals(List.of(), warnings);
    }

    private static Environment started(Map<String, Object> properties) {
        return ApplicationContext.builder().properties(properties).environmentPropertySource(false).build().getEnvironment().start();
    }

    private static ApplicationContext service(PropertySource[] renamed, Map<String, Object> properties) {
        return ApplicationContext.builder().properties(properties).propertySources(renamed).environmentPropertySource(false).start();
    }
}
