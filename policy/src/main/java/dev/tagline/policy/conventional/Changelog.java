package dev.tagline.policy.conventional;

import java.util.ArrayList;
import java.util.List;

/**
 * The Markdown changelog of a release: breaking changes, features, bug fixes and performance
 * improvements, each entry with its scope and short sha; other commit types are left out.
 */
public final class Changelog {
    /** Short shas in entries. */
    public static final int SHORT_SHA = 7;

    private Changelog() {
    }

    /**
     * @param title   the heading ({@code v1.3.0}, or {@code v1.2.3...main})
     * @param entries newest first, as {@link ReleasableCommits#of} gives them
     */
    public static String render(String title, List<ReleasableCommits.Entry> entries) {
        List<String> breaking = new ArrayList<>();
        List<String> features = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        List<String> perf = new ArrayList<>();
        for (ReleasableCommits.Entry e : entries) {
            ConventionalCommit m = e.message();
            String sha = e.commit().sha().shortSha(SHORT_SHA);
            if (m.breaking()) {
                for (String note : m.breakingNotes()) {
                    breaking.add(line(m.scope(), note, sha));
                }
            }
            switch (m.type()) {
                case "feat" -> features.add(line(m.scope(), m.description(), sha));
                case "fix" -> fixes.add(line(m.scope(), m.description(), sha));
                case "perf" -> perf.add(line(m.scope(), m.description(), sha));
                default -> {
                    // hidden: chore, docs, refactor, test, ci, build, style, revert, non-conventional
                }
            }
        }
        StringBuilder out = new StringBuilder("## ").append(title).append('\n');
        section(out, "⚠ BREAKING CHANGES", breaking);
        section(out, "Features", features);
        section(out, "Bug Fixes", fixes);
        section(out, "Performance Improvements", perf);
        if (breaking.isEmpty() && features.isEmpty() && fixes.isEmpty() && perf.isEmpty()) {
            out.append("\nNo user-facing changes.\n");
        }
        return out.toString();
    }

    private static String line(String scope, String text, String sha) {
        String oneLine = text.replace("\r", "").replace("\n", " ").strip();
        return "* " + (scope == null ? "" : "**" + scope + ":** ") + oneLine + " (" + sha + ")";
    }

    private static void section(StringBuilder out, String heading, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.append("\n### ").append(heading).append("\n\n");
        lines.forEach(l -> out.append(l).append('\n'));
    }
}
