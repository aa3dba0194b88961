package dev.tagline.pruner;

import dev.tagline.cli.ServiceHelp;
import dev.tagline.pruner.cli.Cli;
import dev.tagline.pruner.service.PrunerConfig;
import dev.tagline.settings.RenamedSettings;
import dev.tagline.settings.RenamedSettings.Rename;
import io.micronaut.runtime.Micronaut;

/**
 * registry-pruner: with no arguments (or only {@code -D...} style options) it runs as a service; with a
 * subcommand it runs that command of {@link Cli} and exits with its status; {@code --help} prints the
 * service's settings and {@code --version} its version, without starting it.
 */
public final class Application {
    /** Renamed in 0.1 (one prefix per service): {@code pruner.*} and {@code PRUNER_*} are read until the next release. */
    static final RenamedSettings RENAMED = RenamedSettings.of(Rename.prefix("pruner.", "tagline.pruner."));

    private Application() {
    }

    public static void main(String[] args) {
        ServiceHelp.exitUnlessService("registry-pruner", "prune", args, Cli::run, PrunerConfig.class);
        if (System.getenv("TAGLINE_PRUNER_INSTANCE_ID") == null && System.getProperty("tagline.pruner.instance-id") == null) {
            // static membership needs a stable, distinct id per instance: the pod or host name
            String host = dev.tagline.schema.kafka.InstanceIds.hostName(null); // null: the configured default stays
            if (host != null && host.matches("[A-Za-z0-9._-]+")) {
                System.setProperty("tagline.pruner.instance-id", host);
            }
        }
        Micronaut.build(args)
                .propertySources(RENAMED.propertySources(args))
                .mainClass(Application.class)
                .banner(false)
                .start();
    }
}
