package dev.tagline.planner.cli;

import java.util.Map;

/** {@link CliGithubOutputTest#parse}, for tests in other packages. */
public final class CliGithubOutputTestSupport {
    private CliGithubOutputTestSupport() {
    }

    /** Reads the $GITHUB_OUTPUT format as GitHub Actions documents it. */
    public static Map<String, String> parse(String text) {
        return CliGithubOutputTest.parse(text);
    }
}
