package dev.tagline.cli;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar <service>.jar --help}: what the service reads, instead of starting it. The settings
 * are the leaves of the service's {@code application.yml} (a {@code ${ENV:default}} value names its
 * environment variable) plus those the service declares in code.
 */
public final class ServiceHelp {
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Z0-9_]+):(.*)}$");

    /** A setting with its key, environment name, default ("" for none) and meaning. */
    public record Setting(String key, String env, String defaultValue, String description) {
        public static Setting of(String key, String defaultValue, String description) {
            return new Setting(key, envName(key), defaultValue, description);
        }
    }

    private ServiceHelp() {
    }

    /** A jar's command line: {@code Cli.run(args, out, err)}, returning the exit code. */
    @FunctionalInterface
    public interface CommandLineRunner {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    /**
     * What every service jar's {@code main} does before it starts the service: {@code --help} prints the
     * settings, {@code --version} the version, and a first argument that is not an option runs that command
     * of {@code cli}; each exits the JVM with its status. Returns only when the service is to start.
     *
     * @param service      e.g. {@code tag-planner}
     * @param commands     the command lines this jar serves, e.g. {@code plan}
     * @param configRecords the service's configuration records, for {@code --help}
     */
    public static void exitUnlessService(String service, String commands, String[] args, CommandLineRunner cli,
                                         Class<?>... configRecords) {
        if (asked(args)) {
            print(service, commands, java.util.Arrays.stream(configRecords).flatMap(r -> fromConfigRecord(r).stream()).toList(), System.out);
            System.exit(ExitCode.OK);
        }
        if (versionAsked(args)) {
            System.out.println(service + " " + TaglineVersion.version());
            System.exit(ExitCode.OK);
        }
        if (args.length > 0 && !args[0].startsWith("-")) {
            CommandLines.logsToStderr();
            System.exit(cli.run(args, System.out, System.err));
        }
    }

    /** True for {@code --help} / {@code -h} as the first argument. */
    public static boolean asked(String[] args) {
        return args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"));
    }

    /** True for {@code --version} / {@code -V} as the first argument. */
    public static boolean versionAsked(String[] args) {
        return args.length > 0 && (args[0].equals("--version") || args[0].equals("-V"));
    }

    /**
     * @param service  e.g. {@code tag-planner}
     * @param commands the command lines this jar serves, e.g. {@code plan}
     * @param inCode   settings declared in code (not in application.yml)
     */
    public static void print(String service, String commands, List<Setting> inCode, PrintStream out) {
        Map<String, Setting> byKey = new java.util.LinkedHashMap<>();
        fromApplicationYml().forEach(s -> byKey.put(s.key(), s));
        inCode.forEach(s -> byKey.putIfAbsent(s.key(), s));
        List<Setting> settings = new ArrayList<>(byKey.values());
        // the service's own settings first, then Kafka's, then the framework's
        java.util.Set<String> own = new java.util.HashSet<>(inCode.stream().map(Setting::key).toList());
        settings.sort(java.util.Comparator.comparingInt(x -> own.contains(x.key()) || x.key().startsWith("tagline.") ? 0
                : x.key().startsWith("kafka.") ? 1 : 2));
        out.println("usage: java -jar " + service + ".jar [-Dkey=value ...]    runs " + service + " as a service");
        out.println("       java -jar " + service + ".jar " + commands + " ...    its command line (see 'tagline " + commands.split("\\|")[0]
                + " --help')");
        out.println("       java -jar " + service + ".jar --help | --version");
        out.println();
        out.println("Settings (a key is set by -Dkey=value, its environment name, or a config file given by MICRONAUT_CONFIG_FILES):");
        int k = Math.max(4, settings.stream().mapToInt(s -> s.key().length()).max().orElse(0));
        int e = Math.max(11, settings.stream().mapToInt(s -> s.env().length()).max().orElse(0));
        out.printf("  %-" + k + "s  %-" + e + "s  %s%n", "KEY", "ENVIRONMENT", "DEFAULT");
        for (Setting s : settings) {
            out.printf("  %-" + k + "s  %-" + e + "s  %s%s%n", s.key(), s.env(), s.defaultValue().isEmpty() ? "(none)" : s.defaultValue(),
                    s.description().isEmpty() ? "" : "    " + s.description());
        }
        out.println();
        out.println("Every service also answers GET /health and GET /prometheus on its HTTP port (micronaut.server.port).");
        out.flush();
    }

    static List<Setting> fromApplicationYml() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("application.yml")) {
            if (in == null) {
                return List.of();
            }
            Object root = new Yaml(new LoaderOptions()).load(in);
            List<Setting> settings = new ArrayList<>();
            if (root instanceof Map<?, ?> map) {
                flatten("", map, settings);
            }
            return settings;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void flatten(String prefix, Map<?, ?> map, List<Setting> into) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "." + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(key, nested, into);
                continue;
            }
            String text = value == null ? "" : value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                    : String.valueOf(value);
            Matcher m = PLACEHOLDER.matcher(text);
            into.add(m.matches() ? new Setting(key, m.group(1), m.group(2), "") : Setting.of(key, text, ""));
        }
    }

    /**
     * The components of a Micronaut {@code @ConfigurationProperties} record as settings, with their
     * {@code @Bindable} defaults; read by reflection so this module does not depend on Micronaut.
     */
    public static List<Setting> fromConfigRecord(Class<?> record) {
        String prefix = annotationValue(record.getAnnotations(), "ConfigurationProperties", "value");
        if (prefix == null || !record.isRecord()) {
            return List.of();
        }
        List<Setting> settings = new ArrayList<>();
        for (java.lang.reflect.RecordComponent c : record.getRecordComponents()) {
            String key = prefix + "." + c.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
            String def = annotationValue(c.getAnnotations(), "Bindable", "defaultValue");
            if (def == null) {
                try {
                    def = annotationValue(record.getDeclaredConstructor(java.util.Arrays.stream(record.getRecordComponents())
                            .map(java.lang.reflect.RecordComponent::getType).toArray(Class[]::new))
                            .getParameters()[settings.size()].getAnnotations(), "Bindable", "defaultValue");
                } catch (NoSuchMethodException e) {
                    def = null;
                }
            }
            settings.add(Setting.of(key, def == null ? "" : def, ""));
        }
        return settings;
    }

    private static String annotationValue(java.lang.annotation.Annotation[] annotations, String simpleName, String attribute) {
        for (java.lang.annotation.Annotation a : annotations) {
            if (a.annotationType().getSimpleName().equals(simpleName)) {
                try {
                    Object v = a.annotationType().getMethod(attribute).invoke(a);
                    String s = String.valueOf(v);
                    return s.isEmpty() || s.startsWith("\u0000") ? null : s;
                } catch (ReflectiveOperationException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** Micronaut's rule: upper case, dots and dashes to underscores. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
