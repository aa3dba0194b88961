package dev.tagline.builder;

import dev.tagline.builder.cli.Cli;
import dev.tagline.builder.config.BuilderConfig;
import dev.tagline.builder.config.SandboxConfig;
import dev.tagline.builder.config.SbomSettings;
import dev.tagline.builder.config.SigningSettings;
import dev.tagline.cli.ServiceHelp;
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
        ServiceHelp.exitUnlessService("image-builder", "build|verify", args, Cli::run, BuilderConfig.class,
                SandboxConfig.class, SigningSettings.class, SbomSettings.class);
        Micronaut.build(args)
                .propertySources(RENAMED.propertySources(args))
                .mainClass(Application.class)
                .banner(false)
                .start();
    }
}
