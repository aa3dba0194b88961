package dev.tagline.planner.cli;

import dev.tagline.cli.CommandLines;
import dev.tagline.cli.Completion;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tag-planner's jar contributes {@code plan} and {@code policy check|explain} to the {@code tagline} tree. */
class CommandsTest {
    @Test
    void planAndPolicyWithBothSubcommandsAreInTheTree() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        CommandLine root = CommandLines.root(new Commands().commands(), sink, sink);
        assertTrue(root.getSubcommands().containsKey("plan"), root.getSubcommands().keySet().toString());
        CommandLine policy = root.getSubcommands().get("policy");
        assertEquals(Set.of("check", "explain"), Set.copyOf(policy.getSubcommands().keySet().stream()
                .filter(n -> !n.equals("help")).toList()));
    }

    @Test
    void theCompletionScriptCompletesPolicyCommands() {
        String script = Completion.bash();
        assertTrue(script.contains("explain") && script.contains("check"), "policy subcommands completed");
    }
}
