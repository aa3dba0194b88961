package dev.tagline.cli;

import java.io.PrintWriter;

/**
 * Progress of a long command, on stderr so stdout stays the result: on a terminal {@link #update}
 * rewrites one status line; elsewhere progress is silent unless asked for ({@code --progress}), then
 * every update is a line of its own.
 */
public final class StatusLine {
    private final PrintWriter err;
    private final boolean terminal;
    private final boolean enabled;
    private boolean open;

    public StatusLine(PrintWriter err, boolean terminal, boolean forced) {
        this.err = err;
        this.terminal = terminal;
        this.enabled = terminal || forced;
    }

    /** On stderr when stderr's process has a terminal. */
    public static StatusLine onTerminal(PrintWriter err, boolean forced) {
        return new StatusLine(err, System.console() != null, forced);
    }

    /** A counter such as {@code [12/132] deleted ...}: one rewritten line on a terminal. */
    public synchronized void update(String line) {
        if (!enabled) {
            return;
        }
        if (terminal) {
            err.print("\r\033[2K  " + (line.length() > 120 ? line.substring(0, 117) + "..." : line));
            open = true;
        } else {
            err.println("  " + line);
        }
        err.flush();
    }

    /** A progress line that stays. */
    public synchronized void line(String line) {
        if (!enabled) {
            return;
        }
        close();
        err.println("  " + line);
        err.flush();
    }

    /** Ends the rewritten line, if any. */
    public synchronized void done() {
        close();
        err.flush();
    }

    private void close() {
        if (open) {
            err.println();
            open = false;
        }
    }
}
