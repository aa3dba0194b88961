package dev.tagline.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CompletionTest {
    @Command(name = "demo", mixinStandardHelpOptions = true, subcommands = Demo.Sub.class)
    static final class Demo implements Runnable {
        @Option(names = "--flag")
        boolean flag;

        @Override
        public void run() {
        }

        @Command(name = "sub", mixinStandardHelpOptions = true)
        static final class Sub implements Runnable {
            @Mixin
            OutputOptions output;

            @Override
            public void run() {
            }
        }
    }

    /** Registered in the test's META-INF/services, as each service jar registers its own. */
    public static final class DemoCommands implements TaglineCommands {
        @Override
        public List<Object> commands() {
            return List.of(new Demo());
        }
    }

    @Test
    void everyJarsCommandsAndTheLaunchersAreCompleted() {
        String script = Completion.bash();
        assertTrue(script.contains("complete -F _complete_tagline"), "a bash completion for tagline");
        assertTrue(script.matches("(?s).*local commands=\"demo up bench faults changelog completion\".*"), script);
        assertTrue(script.contains("function _picocli_tagline_demo_sub()"), "subcommands too");
        assertTrue(script.contains("(\"text\" \"json\") # --output values"), "option values, lower case");
    }
}
