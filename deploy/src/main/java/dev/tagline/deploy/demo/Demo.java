package dev.tagline.deploy.demo;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo that {@code ./tagline up} runs (see deploy/README.md):
 * <pre>
 *   java -jar deploy/target/deploy.jar prepare --home DIR --registry HOST:PORT
 *       creates the demo repository and the services' configuration; prints shell exports for them
 *   java -jar deploy/target/deploy.jar run --home DIR --kafka BOOTSTRAP --registry HOST:PORT
 *       --listener URL --pruner-jar PATH
 *       drives the scenario against the running pipeline and prints the tag table
 * </pre>
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("demo: prepare|run --home DIR ... (see deploy/README.md)");
            return 2;
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("demo: expected --option value, got '" + args[i] + "'");
                return 2;
            }
            options.put(args[i].substring(2), args[++i]);
        }
        try {
            DemoFiles files = DemoFiles.under(Path.of(require(options, "home")));
            switch (args[0]) {
                case "prepare" -> {
                    DemoScenario.prepare(files, require(options, "registry"));
                    out.println("export TAGLINE_PLANNER_POLICY_DIR='" + files.policies() + "'");
                    out.println("export TAGLINE_PRUNER_POLICY_DIR='" + files.policies() + "'");
                    out.println("export MICRONAUT_CONFIG_FILES='" + files.listenerConfig() + "'");
                    out.println("export " + DemoFiles.WEBHOOK_SECRET_ENV + "='" + files.readSecret() + "'");
                    return 0;
                }
                case "run" -> {
                    var pipeline = new DemoScenario.Pipeline(require(options, "kafka"), require(options, "registry"),
                            URI.create(require(options, "listener")), Path.of(require(options, "pruner-jar")));
                    TagTable table = new DemoScenario(files, pipeline, out).run();
                    java.nio.file.Files.writeString(files.tagTable(), table.toJson());
                    out.println();
                    out.print(table.render());
                    out.println();
                    out.println("(also as JSON: " + files.tagTable() + ")");
                    return 0;
                }
                default -> {
                    err.println("demo: unknown command '" + args[0] + "' (prepare|run)");
                    return 2;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("demo failed: " + e.getMessage());
            return 1;
        }
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }
}
