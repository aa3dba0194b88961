package dev.tagline.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * {@code tagline completion}: a bash completion script (picocli's AutoComplete) for the whole
 * {@code tagline} tree. Run with every service jar on the class path: each contributes its commands
 * through {@link TaglineCommands}; the launcher's own commands ({@code up}, {@code bench},
 * {@code faults}) are added here by name.
 */
public final class Completion {
    private Completion() {
    }

    public static String bash() {
        List<Object> commands = new ArrayList<>();
        for (TaglineCommands provider : ServiceLoader.load(TaglineCommands.class)) {
            commands.addAll(provider.commands());
        }
        CommandLine root = CommandLines.root(commands, System.out, System.err);
        launcherCommand(root, "up", "the whole pipeline locally", "--demo", "--check", "--policies", "--listener-config", "--registry", "--home");
        launcherCommand(root, "bench", "the benchmarks", "--quick", "--only", "--replay-events", "--out", "--keep");
        launcherCommand(root, "faults", "the fault suite", "--short", "--only", "--outage");
        launcherCommand(root, "changelog", "not available yet");
        launcherCommand(root, "completion", "prints this bash completion script");
        return AutoComplete.bash("tagline", root);
    }

    private static void launcherCommand(CommandLine root, String name, String description, String... options) {
        if (root.getSubcommands().containsKey(name)) {
            return;
        }
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().description(description);
        spec.mixinStandardHelpOptions(true);
        for (String option : options) {
            spec.addOption(OptionSpec.builder(option).arity("0..1").build());
        }
        root.addSubcommand(name, new CommandLine(spec));
    }

    public static void main(String[] args) {
        System.out.print(bash());
    }
}
