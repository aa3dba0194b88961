package dev.tagline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * What every tagline command that does something has alike: {@code --help} and {@code --version} (the build's
 * version), its options listed in the order they are declared, and its exit codes under an "Exit codes:"
 * heading. A command extends it and declares its name, description, exit codes and options (picocli merges
 * the {@code @Command} attributes of a superclass with the subclass's own).
 */
@Command(mixinStandardHelpOptions = true, versionProvider = TaglineVersion.class, sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n")
public abstract class TaglineCommand implements Callable<Integer> {
    /** The command as picocli parsed it: its command line, its streams, its options. */
    @Spec
    protected CommandSpec spec;
}
