package dev.tagline.policy.conventional;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A commit message read as a Conventional Commit ({@code type(scope)!: description}, a body, footers
 * such as {@code BREAKING CHANGE: ...} or {@code Refs: #12}), or as a revert ({@code Revert "..."} with
 * {@code This reverts commit <sha>.}).
 *
 * @param type           lower-cased ({@code feat}); {@code revert} for a git revert; empty when the subject is not conventional
 * @param scope          the scope, or null
 * @param description    the subject's text after the colon (the whole subject when not conventional)
 * @param breaking       {@code !} in the header, or a {@code BREAKING CHANGE} / {@code BREAKING-CHANGE} footer
 * @param breakingNotes  the texts of the breaking-change footers (the description when only {@code !})
 * @param footers        every footer, in order
 * @param reverts        the sha a revert names ({@code This reverts commit <sha>}), or null
 */
public record ConventionalCommit(String type, String scope, String description, boolean breaking, List<String> breakingNotes,
                                 List<Footer> footers, String reverts) {
    private static final Pattern HEADER = Pattern.compile("^(?<type>[A-Za-z][A-Za-z0-9-]*)(?:\\((?<scope>[^()\\r\\n]*)\\))?(?<bang>!)?: (?<desc>.+)$");
    private static final Pattern FOOTER = Pattern.compile("^(?<token>BREAKING CHANGE|BREAKING-CHANGE|[A-Za-z][A-Za-z0-9-]*)(?:: | #)(?<value>.*)$");
    private static final Pattern REVERT_SUBJECT = Pattern.compile("^Revert \"(?<inner>.+)\"$");
    private static final Pattern REVERTS = Pattern.compile("This reverts commit (?<sha>[0-9a-f]{7,64})");

    public ConventionalCommit {
        breakingNotes = List.copyOf(breakingNotes);
        footers = List.copyOf(footers);
    }

    /** A footer: {@code token: value} or {@code token #value}. */
    public record Footer(String token, String value) {
    }

    /** Whether the subject followed the convention. */
    public boolean conventional() {
        return !type.isEmpty();
    }

    /** Reads a commit's subject and body (the body's last paragraph holds the footers). */
    public static ConventionalCommit parse(String subject, String body) {
        String s = subject == null ? "" : subject.strip();
        String b = body == null ? "" : body.replace("\r\n", "\n").strip();
        List<Footer> footers = footers(b);
        List<String> notes = new ArrayList<>();
        for (Footer f : footers) {
            if (f.token().equals("BREAKING CHANGE") || f.token().equals("BREAKING-CHANGE")) {
                notes.add(f.value().strip());
            }
        }
        Matcher revert = REVERT_SUBJECT.matcher(s);
        Matcher reverts = REVERTS.matcher(b);
        String revertedSha = reverts.find() ? reverts.group("sha") : null;
        if (revert.matches() || (s.toLowerCase(Locale.ROOT).startsWith("revert") && revertedSha != null)) {
            String inner = revert.matches() ? revert.group("inner") : s;
            return new ConventionalCommit("revert", null, inner, false, List.of(), footers, revertedSha);
        }
        Matcher h = HEADER.matcher(s);
        if (!h.matches()) {
            return new ConventionalCommit("", null, s, !notes.isEmpty(), notes, footers, null);
        }
        String type = h.group("type").toLowerCase(Locale.ROOT);
        String scope = Optional.ofNullable(h.group("scope")).map(String::strip).filter(x -> !x.isEmpty()).orElse(null);
        String desc = h.group("desc").strip();
        boolean bang = h.group("bang") != null;
        if (bang && notes.isEmpty()) {
            notes.add(desc);
        }
        return new ConventionalCommit(type, scope, desc, bang || !notes.isEmpty(), notes, footers, null);
    }

    /** The footers of the body's last paragraph, when every line of it is a footer or continues one. */
    private static List<Footer> footers(String body) {
        if (body.isEmpty()) {
            return List.of();
        }
        String[] paragraphs = body.split("\n\\s*\n");
        String last = paragraphs[paragraphs.length - 1];
        List<String[]> out = new ArrayList<>();
        for (String line : last.split("\n")) {
            Matcher m = FOOTER.matcher(line);
            if (m.matches()) {
                out.add(new String[]{m.group("token"), m.group("value")});
            } else if (!out.isEmpty()) {
                String[] prev = out.get(out.size() - 1);
                prev[1] = prev[1] + "\n" + line;
            } else {
                return List.of();
            }
        }
        return out.stream().map(f -> new Footer(f[0], f[1].strip())).toList();
    }
}
