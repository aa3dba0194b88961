package dev.tagline.settings;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySource;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Settings renamed in this release (one prefix per service, {@code tagline.<service>.*}), still read
 * under their old names for one release, with a WARN naming the new key.
 *
 * <p>An old name set anywhere (environment variable, {@code -D} system property, command line,
 * config file) becomes a property source holding the new key, ordered just above the service's own
 * {@code application*.yml} (-300 + profiles) and below everything a user sets (config files -250,
 * environment -200, system -100, command line 0): so the new key, wherever it is set, wins over the
 * old one, and the old one wins over the built-in default.
 */
public final class RenamedSettings {
    /** Between the service's application*.yml and the config files of MICRONAUT_CONFIG_FILES (-250). */
    public static final int POSITION = -260;

    /**
     * One rename: a key prefix ({@code pruner.} onto {@code tagline.pruner.}, so the environment prefix
     * {@code PRUNER_} onto {@code TAGLINE_PRUNER_}) or one environment variable that was not the derived
     * name of its key ({@code TAGLINE_LISTENER_CACHE} onto {@code tagline.listener.cache-dir}).
     */
    public record Rename(String old, String replacement, boolean prefix) {
        public static Rename prefix(String oldPrefix, String newPrefix) {
            if (!oldPrefix.endsWith(".") || !newPrefix.endsWith(".")) {
                throw new IllegalArgumentException("a prefix ends with a dot: " + oldPrefix + " " + newPrefix);
            }
            return new Rename(oldPrefix, newPrefix, true);
        }

        public static Rename env(String oldVariable, String newKey) {
            return new Rename(oldVariable, newKey, false);
        }
    }

    private final List<Rename> renames;
    private final Consumer<String> warnings;

    public RenamedSettings(List<Rename> renames, Consumer<String> warnings) {
        this.renames = List.copyOf(renames);
        this.warnings = warnings;
    }

    public static RenamedSettings of(Rename... renames) {
        // the logger is looked up when a warning is due, not here: services build this in a static field,
        // and a logger made that early would fix logging before a command line sends it to stderr
        return new RenamedSettings(List.of(renames), warning -> LoggerFactory.getLogger(RenamedSettings.class).warn(warning));
    }

    /**
     * The new keys for the old names set for a service started with these arguments, read from an
     * environment built as the service's will be (same arguments, environment variables, system
     * properties and config files); warns once per old name. Empty when none is set.
     */
    public PropertySource[] propertySources(String[] args) {
        Environment environment = ApplicationContext.builder().args(args).build().getEnvironment();
        environment.start();
        try {
            return propertySources(environment, System.getenv());
        } finally {
            environment.stop();
        }
    }

    /** As {@link #propertySources(String[])}, from a started environment and the process environment. */
    public PropertySource[] propertySources(Environment environment, Map<String, String> processEnv) {
        Map<String, Object> keys = new LinkedHashMap<>();
        Map<String, Object> variables = new LinkedHashMap<>();
        Set<String> warned = new LinkedHashSet<>();
        for (Rename rename : renames) {
            if (rename.prefix()) {
                String oldEnv = envName(rename.old());
                String newEnv = envName(rename.replacement());
                processEnv.keySet().stream().filter(name -> name.startsWith(oldEnv)).sorted().forEach(name -> {
                    String replacement = newEnv + name.substring(oldEnv.length());
                    if (!processEnv.containsKey(replacement)) {
                        variables.put(replacement, processEnv.get(name));
                    }
                    warned.add(message("environment variable " + name, replacement));
                });
                List<PropertySource> sources = new ArrayList<>(environment.getPropertySources());
                sources.sort(Comparator.comparingInt(PropertySource::getOrder));
                for (PropertySource source : sources) {
                    if (source.getConvention() == PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE
                            || source.getName().startsWith(RenamedSettings.class.getSimpleName())) {
                        continue; // environment variables: above, by their own names
                    }
                    for (String key : source) {
                        if (key.startsWith(rename.old())) {
                            String replacement = rename.replacement() + key.substring(rename.old().length());
                            keys.put(replacement, source.get(key));
                            warned.add(message(key + " (" + source.getName() + ")", replacement + " (" + envName(replacement) + ")"));
                        }
                    }
                }
            } else if (processEnv.containsKey(rename.old())) {
                String newEnv = envName(rename.replacement());
                if (!processEnv.containsKey(newEnv)) {
                    keys.put(rename.replacement(), processEnv.get(rename.old()));
                }
                warned.add(message("environment variable " + rename.old(), newEnv + " (" + rename.replacement() + ")"));
            }
        }
        warned.forEach(warnings);
        List<PropertySource> found = new ArrayList<>();
        if (!keys.isEmpty()) {
            found.add(source("RenamedSettings-keys", keys, PropertySource.PropertyConvention.JAVA_PROPERTIES));
        }
        if (!variables.isEmpty()) {
            found.add(source("RenamedSettings-env", variables, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE));
        }
        return found.toArray(PropertySource[]::new);
    }

    private static String message(String old, String replacement) {
        return old + " is deprecated and will not be read after the next release: use " + replacement;
    }

    private static PropertySource source(String name, Map<String, Object> values, PropertySource.PropertyConvention convention) {
        return new MapPropertySource(name, values) {
            @Override
            public int getOrder() {
                return POSITION;
            }

            @Override
            public PropertyConvention getConvention() {
                return convention;
            }
        };
    }

    /** Micronaut's rule: upper case, dots and dashes to underscores ({@code pruner.} is {@code PRUNER_}). */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
