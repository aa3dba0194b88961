package dev.tagline.planner.cli;

import dev.tagline.cli.Completion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** tag-planner's jar contributes {@code plan} and {@code policy check|explain} to the completion script (the tree itself: CliContractTest). */
class CommandsTest {
    @Test
    void theCompletionScriptCompletesPolicyCommands() {
        String script = Completion.bash();
        assertTrue(script.contains("explain") && script.contains("check"), "policy subcommands completed");
    }
}
