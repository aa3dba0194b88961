package dev.tagline.cli;

import picocli.CommandLine.Model.CommandSpec;

/** Old flags still work for one release, with one warning line on stderr naming the new one. */
public final class Deprecations {
    private Deprecations() {
    }

    public static void warn(CommandSpec spec, String old, String replacement) {
        spec.commandLine().getErr().println("tagline: warning: " + old + " is deprecated and will be removed in the next release; use "
                + replacement);
        spec.commandLine().getErr().flush();
    }
}
