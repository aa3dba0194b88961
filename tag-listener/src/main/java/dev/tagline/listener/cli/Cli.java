package dev.tagline.listener.cli;

import dev.tagline.cli.CommandLines;
import dev.tagline.listener.changelog.ChangelogCommand;
import dev.tagline.listener.replay.ReplayOptions;

import java.io.PrintStream;
import java.util.List;

/** The command line of tag-listener: {@code tagline replay} ({@link ReplayOptions}), {@code tagline schedule run} ({@link ScheduleCommand})
 * and {@code tagline changelog} ({@link ChangelogCommand}). Exit 0 done, 1 failed, 2 usage. */
public final class Cli {
    private Cli() {
    }

    /** Runs {@code replay ...}, {@code schedule ...} or {@code changelog ...} as {@code ./tagline} does; the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return CommandLines.run(commands(), args, out, err);
    }

    static List<Object> commands() {
        return List.of(new ReplayOptions(), new ScheduleCommand(), new ChangelogCommand());
    }
}
