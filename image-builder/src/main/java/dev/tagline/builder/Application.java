package dev.tagline.builder;

import dev.tagline.builder.cli.Cli;
import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.cli.CommandLines;
import dev.tagline.cli.ServiceHelp;
import dev.tagline.cli.TaglineVersion;
import dev.tagline.settings.RenamedSettings;
import dev.tagline.settings.RenamedSettings.Rename;
import io.micronaut.runtime.Micronaut;

/**
 * image-builder: with no arguments (or only {@code -D...} style options) it runs as a service; with a
 * subcommand it runs that command of {@link Cli} and exits with its status; {@code --help} prints the
 * service's settings and {@code --version} its version, without starting it.
 */
public final class Application {
    /**
     * Renamed in 0.1 (one prefix per service, environment names derived from the keys): read until the
     * next release, with a WARN naming the new key.
     */
    static final RenamedSettings RENAMED = RenamedSettings.of(
            Rename.prefix("builder.", "tagline.builder."),
            Rename.env("TAGLINE_INSECURE_REGISTRIES", "tagline.builder.insecure-registries"),
            Rename.env("TAGLINE_DOCKER_CONFIG", "tagline.builder.docker-config"));

    private Application() {
    }

    public static void main(String[] args) {
        if (ServiceHelp.asked(args)) {
            java.util.List<ServiceHelp.Setting> settings = new java.util.ArrayList<>(ServiceHelp.fromConfigRecord(BuilderConfig.class));
            settings.addAll(ServiceHelp.fromConfigRecord(dev.tagline.builder.config.SandboxConfig.class));
            ServiceHelp.print("image-builder", "build|verify", settings, System.out);
            System.exit(0);
        }
        if (ServiceHelp.versionAsked(args)) {
            System.out.println("image-builder " + TaglineVersion.version());
            System.exit(0);
        }
        if (args.length > 0 && !args[0].startsWith("-")) {
            CommandLines.logsToStderr();
            System.exit(Cli.run(args, System.out, System.err));
        }
        Micronaut.build(args)
                .propertySources(RENAMED.propertySources(args))
                .mainClass(Application.class)
                .banner(false)
                .start();
    }
}
