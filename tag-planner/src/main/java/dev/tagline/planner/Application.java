package dev.tagline.planner;

import dev.tagline.planner.cli.Cli;
import io.micronaut.runtime.Micronaut;

/**
 * tag-planner: with no arguments (or only {@code -D...} style options) it runs as a service; with a
 * subcommand it runs that command of {@link Cli} and exits with its status.
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        Micronaut.build(args)
                .mainClass(Application.class)
                .banner(false)
                .start();
    }
}
