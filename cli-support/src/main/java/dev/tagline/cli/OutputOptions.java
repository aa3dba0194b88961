package dev.tagline.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --output text|json} (and the deprecated {@code --json} of {@code prune run}). */
public final class OutputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Lower case in completion, as users type them. */
    static final class Values extends java.util.ArrayList<String> {
        Values() {
            super(java.util.List.of("text", "json"));
        }
    }

    @Option(names = "--output", paramLabel = "text|json", completionCandidates = Values.class,
            description = "text for people (default) or json for scripts")
    Output output = Output.TEXT;

    @Option(names = "--json", hidden = true, description = "deprecated: --output json")
    void json(boolean on) {
        Deprecations.warn(mixee, "--json", "--output json");
        output = Output.JSON;
    }

    public Output output() {
        return output;
    }

    public boolean json() {
        return output == Output.JSON;
    }
}
