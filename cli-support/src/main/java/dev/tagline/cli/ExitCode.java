package dev.tagline.cli;

/** The exit codes of every tagline command, documented in README.md ("Command line"). */
public final class ExitCode {
    /** Done: the command did what it was asked. */
    public static final int OK = 0;
    /** Failed: a registry, Kafka or a build failed, or a check found a problem. */
    public static final int FAILED = 1;
    /** Usage: bad flags or bad input (a policy, a plan, a snapshot); nothing was changed. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
