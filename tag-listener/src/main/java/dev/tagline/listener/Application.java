package dev.tagline.listener;

import dev.tagline.cli.ServiceHelp;
import dev.tagline.listener.cli.Cli;
import dev.tagline.listener.config.ListenerConfig;
import dev.tagline.listener.config.ReleaseSettings;
import dev.tagline.settings.RenamedSettings;
import dev.tagline.settings.RenamedSettings.Rename;
import io.micronaut.runtime.Micronaut;

/**
 * tag-listener: with no arguments (or only {@code -D...} style options) it runs as a service; with a
 * subcommand it runs that command of {@link Cli} and exits with its status; {@code --help} prints the
 * service's settings and {@code --version} its version, without starting it.
 */
public final class Application {
    /** Renamed in 0.1 (environment names derived from the keys): read until the next release, with a WARN. */
    static final RenamedSettings RENAMED = RenamedSettings.of(Rename.env("TAGLINE_LISTENER_CACHE", "tagline.listener.cache-dir"));

    private Application() {
    }

    public static void main(String[] args) {
        ServiceHelp.exitUnlessService("tag-listener", "replay|schedule|changelog", args, Cli::run, ListenerConfig.class,
                ReleaseSettings.class);
        Micronaut.build(args)
                .propertySources(RENAMED.propertySources(args))
                .mainClass(Application.class)
                .banner(false)
                .start();
    }
}
