package dev.tagline.builder;

import dev.tagline.builder.cli.Cli;
import io.micronaut.runtime.Micronaut;

/**
 * image-builder: with no arguments (or only {@code -D...} style options) it runs as a service; with a
 * subcommand it runs that command of {@link Cli} and exits with its status.
 */
public final class Application {
    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].startsWith("-")) {
            // before any logger exists: a subcommand's stdout carries only its output
            System.setProperty("tagline.log.target", "System.err");
            System.exit(Cli.run(args, System.out, System.err));
        }
        Micronaut.build(args)
                .mainClass(Application.class)
                .banner(false)
                .start();
    }
}
